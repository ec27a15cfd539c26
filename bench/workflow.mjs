// Benchmark of the database workflow as whole processes, on SQLite and PostgreSQL
// (127.0.0.1:5432, user postgres): each backant command against `node -e 0` and against what the
// same step costs with the plain Prisma CLI (with backant's offline engine binary, the one that
// runs here), A and B alternating, every figure a median. After `npm run build`:
//   node bench/workflow.mjs            print the Markdown section
//   node bench/workflow.mjs --write    also replace the "workflow" section of bench/README.md
// BENCH_RUNS (default 5) sets the number of runs per figure. GNU time (/usr/bin/time) gives CPU.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { loadAverage, machine, median, repo, writeSection } from "./throughput/report.mjs";

const backant = path.join(repo, "bin/backant.js");
const prismaCli = path.join(repo, "node_modules/prisma/build/index.js");
const engineBinary = path.join(repo, "bin/backant-schema-engine.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const workRoot = path.join(repo, ".tmp", `bench-workflow-${process.pid}`);
const adminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const createdDatabases = [];
const timeFile = path.join(workRoot, "time.txt");

if (!existsSync(path.join(repo, "dist/cli/main.js"))) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}
const { renderPrismaConfig } = await import(path.join(repo, "dist/prisma/prisma-config.js"));

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function freshDatabase(provider, dir) {
  if (provider === "sqlite") {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(dir, `dev.db${suffix}`), { force: true });
    return "file:./dev.db";
  }
  const name = `bk_bench_wf_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  createdDatabases.push(name);
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}

const USERS = (columns) =>
  `import { model, t } from "backant/model";\n\nexport default model("Users", {\n  id: t.id(),\n  email: t.string(120).unique(),\n${columns.map((c) => `  ${c}: t.string(40).optional(),\n`).join("")}});\n`;

/** A backant project (as create-backant makes it, for the database part) with its own database. */
async function project(provider) {
  const dir = path.join(workRoot, `${provider}-${randomBytes(3).toString("hex")}`);
  mkdirSync(path.join(dir, "src/models"), { recursive: true });
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(repo, path.join(dir, "node_modules/backant"), "dir");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench", private: true, type: "module", backant: { provider } }));
  writeFileSync(path.join(dir, "prisma.config.ts"), renderPrismaConfig({ provider }));
  writeFileSync(path.join(dir, "src/models/Users.model.ts"), USERS([]));
  const url = await freshDatabase(provider, dir);
  return { dir, url, provider, columns: [] };
}

/** Runs a command in a project; returns wall and CPU (user + sys) milliseconds. Fails loudly. */
function run(p, bin, args, env = {}) {
  const started = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, process.execPath, bin, ...args], {
    cwd: p.dir,
    env: { ...process.env, DATABASE_URL: p.url, NO_COLOR: "1", CI: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1", BACKANT_ENGINE: "", PRISMA_SCHEMA_ENGINE_BINARY: engineBinary, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  const wall = performance.now() - started;
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const [user, sys] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
  return { wall, cpu: (user + sys) * 1000 };
}

function nodeZero(p) {
  const started = performance.now();
  spawnSync("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, process.execPath, "-e", "0"], { cwd: p.dir, stdio: "ignore" });
  const wall = performance.now() - started;
  const [user, sys] = readFileSync(timeFile, "utf8").trim().split(" ").map(Number);
  return { wall, cpu: (user + sys) * 1000 };
}

function addColumn(p) {
  p.columns.push(`c${p.columns.length}`);
  writeFileSync(path.join(p.dir, "src/models/Users.model.ts"), USERS(p.columns));
}

/** The plain-Prisma twin: the same schema as the backant project renders, kept by hand. */
function syncSchemaTwin(backantProject, twin) {
  mkdirSync(path.join(twin.dir, "prisma"), { recursive: true });
  writeFileSync(path.join(twin.dir, "prisma/schema.prisma"), readFileSync(path.join(backantProject.dir, "prisma/schema.prisma")));
}

/** Fifty small migrations, as a project accumulates them. */
function writeFiftyMigrations(dir, provider) {
  const migrations = path.join(dir, "prisma/migrations");
  rmSync(migrations, { recursive: true, force: true });
  mkdirSync(migrations, { recursive: true });
  writeFileSync(path.join(migrations, "migration_lock.toml"), `provider = "${provider}"\n`);
  for (let i = 0; i < 50; i++) {
    const name = `202601010000${String(i).padStart(2, "0")}_m${i}`;
    mkdirSync(path.join(migrations, name));
    const id = provider === "sqlite" ? `"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT` : `"id" SERIAL NOT NULL PRIMARY KEY`;
    writeFileSync(path.join(migrations, name, "migration.sql"), `-- CreateTable\nCREATE TABLE "t${i}" (\n    ${id},\n    "label" TEXT NOT NULL\n);\n\n-- CreateIndex\nCREATE UNIQUE INDEX "t${i}_label_key" ON "t${i}"("label");\n`);
  }
}

const rows = [];
function record(provider, what, a, b, bLabel) {
  const aWall = median(a.map((x) => x.wall));
  const aCpu = median(a.map((x) => x.cpu));
  const zero = median(rows.find((r) => r.provider === provider && r.what === "node -e 0")?.a.map((x) => x.wall) ?? [NaN]);
  const row = { provider, what, a, b, bLabel, aWall, aCpu, zero, bWall: b ? median(b.map((x) => x.wall)) : undefined, bCpu: b ? median(b.map((x) => x.cpu)) : undefined };
  rows.push(row);
  console.error(`${provider} ${what}: ${aWall.toFixed(0)} ms (CPU ${aCpu.toFixed(0)})${b ? ` vs ${bLabel} ${row.bWall.toFixed(0)} ms` : ""}`);
}

async function benchProvider(provider) {
  const p = await project(provider);
  const twin = await project(provider);
  run(p, backant, ["sync"]);
  run(p, backant, ["migrate", "init"]);
  syncSchemaTwin(p, twin);
  run(twin, prismaCli, ["migrate", "dev", "--name", "init"]);

  const zero = [];
  for (let i = 0; i < runs; i++) zero.push(nodeZero(p));
  record(provider, "node -e 0", zero);

  // sync after one model change: backant sync vs prisma db push + prisma generate
  {
    const a = [];
    const b = [];
    const syncTwin = await project(provider);
    syncSchemaTwin(p, syncTwin);
    run(syncTwin, prismaCli, ["db", "push"]);
    const sp = await project(provider);
    run(sp, backant, ["sync"]);
    for (let i = 0; i < runs; i++) {
      addColumn(sp);
      a.push(run(sp, backant, ["sync"]));
      writeFileSync(path.join(syncTwin.dir, "prisma/schema.prisma"), readFileSync(path.join(sp.dir, "prisma/schema.prisma")));
      const push = run(syncTwin, prismaCli, ["db", "push"]);
      const generate = run(syncTwin, prismaCli, ["generate"]);
      b.push({ wall: push.wall + generate.wall, cpu: push.cpu + generate.cpu });
    }
    record(provider, "sync after one model change", a, b, "prisma db push + prisma generate");
    const idle = [];
    const zeros = [];
    for (let i = 0; i < runs; i++) {
      idle.push(run(sp, backant, ["sync"]));
      zeros.push(nodeZero(sp));
    }
    record(provider, "sync with nothing to do", idle, zeros, "node -e 0");
  }

  // migrate one column: backant migrate vs prisma migrate dev (both write and apply the migration)
  {
    const a = [];
    const b = [];
    for (let i = 0; i < runs; i++) {
      addColumn(p);
      a.push(run(p, backant, ["migrate", `add c${p.columns.length - 1}`]));
      syncSchemaTwin(p, twin);
      b.push(run(twin, prismaCli, ["migrate", "dev", "--name", `add_c${p.columns.length - 1}`]));
    }
    record(provider, "migrate one column", a, b, "prisma migrate dev");
  }

  // migrate status
  {
    const a = [];
    const b = [];
    for (let i = 0; i < runs; i++) {
      a.push(run(p, backant, ["migrate", "status"]));
      b.push(run(twin, prismaCli, ["migrate", "status"]));
    }
    record(provider, "migrate status", a, b, "prisma migrate status");
  }

  // rollback of one migration (down.sql and its record, in one transaction) vs the same SQL through prisma db execute
  {
    const a = [];
    const b = [];
    for (let i = 0; i < runs; i++) {
      a.push(run(p, backant, ["rollback", "--force"]));
      run(p, backant, ["migrate", "deploy"]);
      const last = `c${p.columns.length - 1}`;
      const file = path.join(twin.dir, "down.sql");
      writeFileSync(file, provider === "sqlite" ? `ALTER TABLE "users" DROP COLUMN "${last}";` : `ALTER TABLE "users" DROP COLUMN "${last}";`);
      b.push(run(twin, prismaCli, ["db", "execute", "--file", "down.sql"]));
      writeFileSync(file, `ALTER TABLE "users" ADD COLUMN "${last}" VARCHAR(40);`);
      run(twin, prismaCli, ["db", "execute", "--file", "down.sql"]);
    }
    record(provider, "rollback of one migration", a, b, "prisma db execute (the same DROP COLUMN)");
  }

  // deploy of 50 migrations to an empty database
  {
    const a = [];
    const b = [];
    const dp = await project(provider);
    const dt = await project(provider);
    writeFiftyMigrations(dp.dir, provider);
    writeFiftyMigrations(dt.dir, provider);
    syncSchemaTwin(p, dt);
    for (let i = 0; i < runs; i++) {
      dp.url = await freshDatabase(provider, dp.dir);
      dt.url = await freshDatabase(provider, dt.dir);
      a.push(run(dp, backant, ["migrate", "deploy"]));
      b.push(run(dt, prismaCli, ["migrate", "deploy"]));
    }
    record(provider, "deploy of 50 migrations", a, b, "prisma migrate deploy");
  }
}

const TARGETS = {
  "sync after one model change": "at most 800 ms",
  "sync with nothing to do": "at most 1.7x node -e 0",
  "migrate one column": "at most 1000 ms",
  "migrate status": "at most 400 ms",
  "rollback of one migration": "at most 600 ms",
  "deploy of 50 migrations": "at most 1000 ms",
};

const started = new Date();
const loadBefore = loadAverage();
mkdirSync(workRoot, { recursive: true });
try {
  for (const provider of ["sqlite", "postgresql"]) await benchProvider(provider);
} finally {
  for (const name of createdDatabases) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  rmSync(workRoot, { recursive: true, force: true });
}
const loadAfter = loadAverage();

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const lines = [
  "## workflow",
  "",
  "`bench/workflow.mjs` runs each database command of backant as a whole process on SQLite and",
  "PostgreSQL (127.0.0.1:5432), alternating with what the same step costs with the plain Prisma CLI",
  "(run with backant's offline engine binary, as it runs here), in the same minutes. Medians of",
  `${runs} runs; CPU is user + sys of the process (GNU time). Run it after a build:`,
  "",
  "```",
  "npm run build && node bench/workflow.mjs --write",
  "```",
  "",
  "### Last run",
  "",
  `${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine()}, load average ${loadBefore} before and ${loadAfter} after.`,
  "",
  "| database | command | backant wall | backant CPU | vs `node -e 0` | plain Prisma | wall | backant / Prisma | target |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
];
for (const row of rows) {
  if (row.what === "node -e 0") {
    lines.push(`| ${row.provider} | \`node -e 0\` | ${fmt(row.aWall)} | ${fmt(row.aCpu)} | 1.0x | | | | |`);
    continue;
  }
  // "nothing to do" is paired with its own node -e 0 runs, alternating.
  const vsZero = `${(row.aWall / (row.bLabel === "node -e 0" ? row.bWall : row.zero)).toFixed(2)}x`;
  const vsPrisma = row.b && row.bLabel !== "node -e 0" ? `${(row.aWall / row.bWall).toFixed(2)}x` : "";
  const prismaWall = row.b && row.bLabel !== "node -e 0" ? fmt(row.bWall) : "";
  lines.push(`| ${row.provider} | ${row.what} | ${fmt(row.aWall)} | ${fmt(row.aCpu)} | ${vsZero} | ${row.b && row.bLabel !== "node -e 0" ? row.bLabel : ""} | ${prismaWall} | ${vsPrisma} | ${TARGETS[row.what] ?? ""} |`);
}
lines.push(
  "",
  "How to read it: every backant command here runs Prisma's schema engine in its own process (the wasm",
  "engine) and talks to the database through its driver; the plain Prisma rows start the Prisma CLI,",
  "which starts the engine binary. \"sync after one model change\" renders the models, pushes the schema",
  "and generates the client (in-process, Prisma's own generator loading in a worker thread meanwhile);",
  "its CPU exceeds its wall time for that reason. \"migrate one column\" on PostgreSQL pays a CREATE",
  "DATABASE for its scratch database (what Prisma's shadow database costs too); status reads the",
  "catalogs that migrate left in the cache. \"sync with nothing to do\" is answered by one bundled file,",
  "dist/cli/fast-path.cjs (scripts/bundle-fast-path.mjs: the check, what it imports and the `pg` driver),",
  "before the rest of the CLI loads: Node loading some forty separate files (ES module resolution, pg's",
  "CommonJS tree, the ES facades of node:fs and node:util) cost more than the check itself.",
);
const section = lines.join("\n") + "\n";
process.stdout.write(section);
if (process.argv.includes("--write")) writeSection("workflow", section);

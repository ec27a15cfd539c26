// Benchmark of `backant migrate` (one column) and `backant rollback` (one migration) on SQLite and
// PostgreSQL (127.0.0.1:5432, user postgres), against `prisma --version` in the same run. After
// `npm run build`:
//   node bench/migrations.mjs            print the Markdown section
//   node bench/migrations.mjs --write    also replace the "migrations" section of bench/README.md
// BENCH_RUNS (default 5) sets the number of runs per figure.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { median, writeSection } from "./throughput/report.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const backant = path.join(repo, "bin/backant.js");
const prismaCli = path.join(repo, "node_modules/prisma/build/index.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const workRoot = path.join(repo, ".tmp", `bench-migrations-${process.pid}`);
const adminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const createdDatabases = [];

if (!existsSync(path.join(repo, "dist/migrations/create-migration.js"))) {
  console.error("dist/migrations is missing: run `npm run build` first.");
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

function writeUsers(dir, extraColumns) {
  const extra = extraColumns.map((name) => `  ${name}: t.string(40).optional(),`).join("\n");
  writeFileSync(
    path.join(dir, "src/models/Users.model.ts"),
    `import { model, t } from "backant/model";\n\nexport default model("Users", {\n  id: t.id(),\n  email: t.string(120).unique(),\n  name: t.string().optional(),\n${extra}\n});\n`,
  );
}

/** A minimal backant project (what a generated one has for migrations) with its own database. */
async function project(provider) {
  const dir = path.join(workRoot, `${provider}-${randomBytes(3).toString("hex")}`);
  mkdirSync(path.join(dir, "src/models"), { recursive: true });
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(repo, path.join(dir, "node_modules/backant"), "dir");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench", private: true, type: "module", backant: { provider } }));
  writeFileSync(path.join(dir, "prisma.config.ts"), renderPrismaConfig({ provider }));
  let url = "file:./dev.db";
  if (provider === "postgresql") {
    const name = `bk_mig_bench_${randomBytes(4).toString("hex")}`;
    await admin(`CREATE DATABASE "${name}"`);
    createdDatabases.push(name);
    url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  }
  writeUsers(dir, []);
  return { dir, url };
}

function timed(dir, url, bin, args, extraEnv = {}) {
  const env = { ...process.env, DATABASE_URL: url, NO_COLOR: "1", ...extraEnv };
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  delete env.BACKANT_ENGINE;
  Object.assign(env, extraEnv);
  const start = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

/** Runs `setup` untimed then `measure` (which returns ms) `runs` times; median and fastest. */
async function figure(setup, measure) {
  const taken = [];
  for (let i = 0; i < runs; i++) {
    const state = await setup(i);
    taken.push(await measure(state, i));
  }
  return { median: median(taken), min: Math.min(...taken) };
}

async function providerFigures(provider) {
  const p = await project(provider);
  timed(p.dir, p.url, backant, ["migrate", "init"]);
  const added = [];
  const migrate = await figure(
    (i) => {
      added.push(`extra${i}`);
      writeUsers(p.dir, added);
    },
    (_, i) => timed(p.dir, p.url, backant, ["migrate", `add extra${i}`]),
  );
  // each run undoes the newest migration (dropping a column: a data-loss marker, hence --force);
  // the untimed deploy before it re-applies the one the previous run undid
  const rollback = await figure(
    () => timed(p.dir, p.url, backant, ["migrate", "deploy"]),
    () => timed(p.dir, p.url, backant, ["rollback", "--force"]),
  );
  const version = await figure(
    () => undefined,
    () => timed(p.dir, p.url, prismaCli, ["--version"], { PRISMA_SCHEMA_ENGINE_BINARY: path.join(repo, "bin/backant-schema-engine.js") }),
  );
  return { migrate, rollback, version };
}

function nodeFloor() {
  const start = performance.now();
  spawnSync(process.execPath, ["-e", "0"]);
  return performance.now() - start;
}

async function main() {
  mkdirSync(workRoot, { recursive: true });
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  try {
    const floor = await figure(() => null, () => nodeFloor());
    const sqlite = await providerFigures("sqlite");
    const postgres = await providerFigures("postgresql");
    const prismaVersion = JSON.parse(readFileSync(path.join(repo, "node_modules/prisma/package.json"), "utf8")).version;
    const fmt = (ms) => `${Math.round(ms)}`;
    const cell = (f, base) => `${fmt(f.median)} (${fmt(f.min)}) | ${(f.median / base.median).toFixed(2)}×`;
    const lines = [
      "## migrations",
      "",
      "`bench/migrations.mjs` times `backant migrate` and `backant rollback` (the built CLI, `node bin/backant.js`) in a minimal project (package.json, one model file, the rendered prisma.config.ts) on SQLite (a file) and PostgreSQL (127.0.0.1:5432), through backant's offline schema engine. Run it after a build; `--write` replaces this section:",
      "",
      "```",
      "npm run build && BENCH_RUNS=5 node bench/migrations.mjs --write",
      "```",
      "",
      `\`backant migrate "add extraN"\` adds one optional column to the model each run (so the history grows from 2 to ${runs + 1} migrations): render the models, two \`prisma migrate diff\` side by side (history -> models for migration.sql, models -> history for down.sql; each replays the history into a shadow database), write both files, then \`prisma migrate deploy\`. \`backant rollback --force\` undoes the newest migration (\`prisma migrate status\` to know what is applied, then one \`prisma db execute\` running down.sql and the history row's DELETE in a transaction); an untimed \`backant migrate deploy\` re-applies it before each run. Ratios are against \`prisma --version\` (CLI start-up and config load) timed in the same run and project.`,
      "",
      "### Last run",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/migrations.mjs\` on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), shared with other work (load average ${load} at start), Node ${process.version}, prisma ${prismaVersion}. Wall time of one CLI process, median of ${runs} runs (fastest in brackets). \`node -e 0\`: ${fmt(floor.median)} ms.`,
      "",
      "| command | SQLite ms | × `prisma --version` | PostgreSQL ms | × `prisma --version` |",
      "| --- | ---: | ---: | ---: | ---: |",
      `| \`prisma --version\` | ${cell(sqlite.version, sqlite.version)} | ${cell(postgres.version, postgres.version)} |`,
      `| \`backant migrate "add extraN"\` (one column, applied) | ${cell(sqlite.migrate, sqlite.version)} | ${cell(postgres.migrate, postgres.version)} |`,
      `| \`backant rollback --force\` (one migration) | ${cell(sqlite.rollback, sqlite.version)} | ${cell(postgres.rollback, postgres.version)} |`,
      "",
      "How to read it: a prisma process costs about one `prisma --version` before it does anything. `backant migrate` runs two of them side by side (the diffs) and then one (deploy), so about 2-3× is its floor on two cores; `backant rollback` runs two in a row (status, db execute).",
      "",
    ];
    const section = lines.join("\n");
    console.log(section);
    if (process.argv.includes("--write")) writeSection("migrations", section);
  } finally {
    for (const name of createdDatabases) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    rmSync(workRoot, { recursive: true, force: true });
  }
}

await main();

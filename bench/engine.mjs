// Benchmark of the real prisma CLI through backant's offline schema engine, on SQLite and
// PostgreSQL (127.0.0.1:5432, user postgres). Run after `npm run build`:
//   node bench/engine.mjs            print the Markdown section
//   node bench/engine.mjs --write    also replace the "engine" section of bench/README.md
// BENCH_RUNS (default 5) sets the number of runs per figure; BACKANT_BENCH_ENGINE the engine file.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(repo, "node_modules/prisma/build/index.js");
const engine = path.resolve(repo, process.env.BACKANT_BENCH_ENGINE ?? "bin/backant-schema-engine.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const workRoot = path.join(repo, ".tmp", `bench-engine-${process.pid}`);
const adminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const createdDatabases = [];

if (!existsSync(path.join(repo, "dist/engine/main.js"))) {
  console.error("dist/engine/main.js is missing: run `npm run build` first.");
  process.exit(2);
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function freshUrl(provider, dir) {
  if (provider === "sqlite") return `file:./bench-${randomBytes(4).toString("hex")}.db`;
  const name = `bk_conf_bench_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  createdDatabases.push(name);
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}

function writeConfig(dir, url) {
  writeFileSync(
    path.join(dir, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";\nexport default defineConfig({ schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" }, datasource: ${JSON.stringify({ url })} });\n`,
  );
}

function writeSchema(dir, provider, extraColumns = []) {
  const cols = extraColumns.map((c) => `  ${c} String?`).join("\n");
  writeFileSync(
    path.join(dir, "prisma/schema.prisma"),
    `datasource db {\n  provider = "${provider}"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  name  String?\n${cols}\n}\n\nmodel Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  authorId Int\n  @@index([authorId])\n}\n`,
  );
}

async function project(provider) {
  const dir = path.join(workRoot, `${provider}-${randomBytes(3).toString("hex")}`);
  mkdirSync(path.join(dir, "prisma"), { recursive: true });
  const url = await freshUrl(provider, dir);
  writeConfig(dir, url);
  writeSchema(dir, provider);
  return { dir, url };
}

function prisma(dir, args) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, CI: "1", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`prisma ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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

const DEPLOY_COUNT = 50;

function writeMigrations(dir, provider, count) {
  const migrations = path.join(dir, "prisma/migrations");
  mkdirSync(migrations, { recursive: true });
  writeFileSync(path.join(migrations, "migration_lock.toml"), `provider = "${provider}"\n`);
  const id = provider === "sqlite" ? `"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT` : `"id" SERIAL NOT NULL PRIMARY KEY`;
  for (let i = 0; i < count; i++) {
    const name = `20240101${String(i).padStart(6, "0")}_t${i}`;
    mkdirSync(path.join(migrations, name), { recursive: true });
    writeFileSync(
      path.join(migrations, name, "migration.sql"),
      `CREATE TABLE "T${i}" (${id}, "title" TEXT NOT NULL, "qty" INTEGER NOT NULL DEFAULT 0);\nCREATE INDEX "T${i}_title_idx" ON "T${i}"("title");\n`,
    );
  }
}

async function providerFigures(provider) {
  const results = {};

  const push = await project(provider);
  prisma(push.dir, ["db", "push"]);
  results["`db push`, nothing to change"] = await figure(() => push, (p) => prisma(p.dir, ["db", "push"]));

  const dev = await project(provider);
  prisma(dev.dir, ["migrate", "dev", "--name", "init"]);
  const added = [];
  results["`migrate dev` adding one column"] = await figure(
    (i) => {
      added.push(`extra${i}`);
      writeSchema(dev.dir, provider, added);
      return dev;
    },
    (p, i) => prisma(p.dir, ["migrate", "dev", "--name", `add_extra${i}`]),
  );

  const deploy = await project(provider);
  writeMigrations(deploy.dir, provider, DEPLOY_COUNT);
  results[`\`migrate deploy\` of ${DEPLOY_COUNT} migrations to a fresh database`] = await figure(
    async () => {
      writeConfig(deploy.dir, await freshUrl(provider, deploy.dir));
      return deploy;
    },
    (p) => prisma(p.dir, ["migrate", "deploy"]),
  );
  return results;
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
    const base = await project("sqlite");
    const floor = await figure(() => null, () => nodeFloor());
    const version = await figure(() => base, (p) => prisma(p.dir, ["--version"]));
    const help = await figure(() => base, (p) => prisma(p.dir, ["--help"]));
    const validate = await figure(() => base, (p) => prisma(p.dir, ["validate"]));
    const sqlite = await providerFigures("sqlite");
    const postgres = await providerFigures("postgresql");

    const versions = JSON.parse(readFileSync(path.join(repo, "node_modules/prisma/package.json"), "utf8")).version;
    const wasm = JSON.parse(readFileSync(path.join(repo, "node_modules/@prisma/schema-engine-wasm/package.json"), "utf8")).version;
    const fmt = (ms) => `${Math.round(ms)}`;
    const ratio = (ms) => `${(ms / version.median).toFixed(2)}× / ${(ms / floor.median).toFixed(0)}×`;
    const lines = [
      "## engine",
      "",
      "`bench/engine.mjs` times the real prisma CLI (node_modules/prisma, run as `node build/index.js`) going through backant's offline schema engine (`PRISMA_SCHEMA_ENGINE_BINARY=bin/backant-schema-engine.js`) against SQLite (a file) and PostgreSQL (127.0.0.1:5432). Run it after a build; `--write` replaces this section:",
      "",
      "```",
      "npm run build && BENCH_RUNS=7 node bench/engine.mjs --write",
      "```",
      "",
      `It measures \`db push\` when the database already matches the schema; \`migrate dev\` adding one optional column (a new migration each run, so the shadow database replays 2 to ${runs + 1} migrations); \`migrate deploy\` of ${DEPLOY_COUNT} hand-written migrations (a table and an index each) to a database created just before (untimed); and, as baselines, \`node -e 0\`, \`prisma --version\`, \`prisma --help\` and \`prisma validate\` (no engine request).`,
      "",
      "### Last run",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/engine.mjs\` on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), shared with other work (load average ${load} at start), Node ${process.version}, prisma ${versions}, @prisma/schema-engine-wasm ${wasm}, PostgreSQL on 127.0.0.1. Wall time of one CLI process, median of ${runs} runs (fastest in brackets); ratios = median / median of \`prisma --version\` and / median of \`node -e 0\`.`,
      "",
      "| command | SQLite ms | ratio (×version / ×node) | PostgreSQL ms | ratio (×version / ×node) |",
      "| --- | ---: | ---: | ---: | ---: |",
      `| \`node -e 0\` (process floor) | ${fmt(floor.median)} (${fmt(floor.min)}) | ${ratio(floor.median)} | | |`,
      `| \`prisma --version\` (CLI start-up, config and schema load; spawns the engine only for its \`--version\`, ~0.1 s) | ${fmt(version.median)} (${fmt(version.min)}) | ${ratio(version.median)} | | |`,
      `| \`prisma --help\` (CLI start-up and config load only) | ${fmt(help.median)} (${fmt(help.min)}) | ${ratio(help.median)} | | |`,
      `| \`prisma validate\` (config + schema load, no engine) | ${fmt(validate.median)} (${fmt(validate.min)}) | ${ratio(validate.median)} | | |`,
    ];
    for (const key of Object.keys(sqlite)) {
      const s = sqlite[key];
      const p = postgres[key];
      lines.push(`| ${key} | ${fmt(s.median)} (${fmt(s.min)}) | ${ratio(s.median)} | ${fmt(p.median)} (${fmt(p.min)}) | ${ratio(p.median)} |`);
    }
    lines.push(
      "",
      "How to read it: every command pays the CLI's own start-up and config load (the `--help` row) and, except `--help`, the schema load (`validate`); the rest is the engine process (Node start-up, wasm module, driver) and the database work. `migrate dev` also creates, fills and drops a shadow database (on PostgreSQL a real `CREATE DATABASE`/`DROP DATABASE`), and replays every migration into it, so its time grows with the number of migrations.",
      "",
    );
    const section = lines.join("\n");
    console.log(section);
    if (process.argv.includes("--write")) writeSection(section);
  } finally {
    for (const name of createdDatabases) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    rmSync(workRoot, { recursive: true, force: true });
  }
}

/** Replaces the "## engine" section of bench/README.md (up to the next "## " heading), or appends it. */
function writeSection(section) {
  const file = path.join(repo, "bench/README.md");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const start = text.search(/^## engine\s*$/m);
  let next;
  if (start >= 0) {
    const rest = text.slice(start + 1);
    const m = rest.search(/^## /m);
    next = m >= 0 ? start + 1 + m : text.length;
    writeFileSync(file, text.slice(0, start) + section + "\n" + text.slice(next));
  } else {
    writeFileSync(file, (text ? text.replace(/\n*$/, "\n\n") : "") + section);
  }
}

await main();

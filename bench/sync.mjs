// Benchmark of `backant sync`: skipped (fingerprint matches) vs performed (render + db push +
// generate), on SQLite and PostgreSQL (127.0.0.1:5432, user postgres). Run after `npm run build`:
//   node bench/sync.mjs            print the Markdown section
//   node bench/sync.mjs --write    also replace the "sync" section of bench/README.md
// BENCH_RUNS (default 5) sets the number of runs per figure.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
const workRoot = path.join(repo, ".tmp", `bench-sync-${process.pid}`);
const adminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const createdDatabases = [];

if (!existsSync(path.join(repo, "dist/sync/sync.js"))) {
  console.error("dist/sync/sync.js is missing: run `npm run build` first.");
  process.exit(2);
}
const { renderPrismaConfig } = await import(path.join(repo, "dist/prisma/prisma-config.js"));
const { offlineEngineBinary } = await import(path.join(repo, "dist/prisma/engine-selection.js"));

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The shell's environment without anything that picks a database or an engine, then `extra`. */
function env(extra = {}) {
  const result = { ...process.env, CI: "1", NO_COLOR: "1" };
  delete result.DATABASE_URL;
  delete result.PRISMA_SCHEMA_ENGINE_BINARY;
  delete result.BACKANT_ENGINE;
  return { ...result, ...extra };
}

const users = (extra) =>
  `import { model, t } from "backant/model";\n\nexport default model("Users", {\n  id: t.id(),\n  email: t.string().unique(),\n  name: t.string(),\n  posts: t.hasMany("Posts"),\n${extra.map((name) => `  ${name}: t.string().optional(),\n`).join("")}  createdAt: t.createdAt(),\n  updatedAt: t.updatedAt(),\n});\n`;
const posts = `import { model, t } from "backant/model";\n\nexport default model("Posts", {\n  id: t.id(),\n  title: t.string(200),\n  body: t.text().optional(),\n  author: t.belongsTo("Users", { onDelete: "cascade" }),\n  createdAt: t.createdAt(),\n});\n`;

async function project(provider) {
  const dir = path.join(workRoot, `${provider}-${randomBytes(3).toString("hex")}`);
  mkdirSync(path.join(dir, "src/models"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-sync", private: true, type: "module", backant: { provider } }, null, 2));
  writeFileSync(path.join(dir, "prisma.config.ts"), renderPrismaConfig({ provider }));
  writeFileSync(path.join(dir, "src/models/Users.model.ts"), users([]));
  writeFileSync(path.join(dir, "src/models/Posts.model.ts"), posts);
  if (provider === "postgresql") {
    const name = `bk_sync_bench_${randomBytes(4).toString("hex")}`;
    createdDatabases.push(name);
    writeFileSync(path.join(dir, ".env"), `DATABASE_URL="postgresql://postgres@127.0.0.1:5432/${name}"\n`);
  }
  return dir;
}

/** Wall time of one process, and its --report when it printed one. */
function timed(args, cwd, extraEnv) {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env: env(extraEnv), stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  let report;
  try {
    report = JSON.parse(r.stdout.trim().split("\n").at(-1));
  } catch {
    report = undefined;
  }
  return { ms, report };
}

function stats(values) {
  return { median: median(values), min: Math.min(...values) };
}

async function providerFigures(provider) {
  const dir = await project(provider);
  const first = timed([backant, "sync", "--report"], dir);
  if (first.report?.skipped !== false) throw new Error(`first sync did not run: ${JSON.stringify(first.report)}`);

  const skippedWall = [];
  const skippedInProcess = [];
  for (let i = 0; i < runs; i++) {
    const { ms, report } = timed([backant, "sync", "--report"], dir);
    if (report?.skipped !== true) throw new Error(`sync was not skipped: ${JSON.stringify(report)}`);
    skippedWall.push(ms);
    skippedInProcess.push(report.durationMs);
  }

  const performedWall = [];
  const extra = [];
  for (let i = 0; i < runs; i++) {
    extra.push(`extra${i}`);
    writeFileSync(path.join(dir, "src/models/Users.model.ts"), users(extra));
    const { ms, report } = timed([backant, "sync", "--report"], dir);
    if (report?.skipped !== false || report.pushed !== true || report.generated !== true) throw new Error(`sync did not push and generate: ${JSON.stringify(report)}`);
    performedWall.push(ms);
  }

  // What the skip saves: Prisma's own db push (nothing to change) + generate, as `npx prisma` would run them.
  const prismaEnv = { PRISMA_SCHEMA_ENGINE_BINARY: offlineEngineBinary(), ...(provider === "postgresql" ? { DATABASE_URL: readFileSync(path.join(dir, ".env"), "utf8").match(/"(.*)"/)[1] } : {}) };
  const pushGenerate = [];
  for (let i = 0; i < runs; i++) {
    const push = timed([prismaCli, "db", "push"], dir, prismaEnv);
    const generate = timed([prismaCli, "generate"], dir, prismaEnv);
    pushGenerate.push(push.ms + generate.ms);
  }
  return { skippedWall: stats(skippedWall), skippedInProcess: stats(skippedInProcess), performedWall: stats(performedWall), pushGenerate: stats(pushGenerate) };
}

async function main() {
  mkdirSync(workRoot, { recursive: true });
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  try {
    const floorRuns = [];
    for (let i = 0; i < runs; i++) floorRuns.push(timed(["-e", "0"], repo).ms);
    const versionRuns = [];
    for (let i = 0; i < runs; i++) versionRuns.push(timed([backant, "version"], repo).ms);
    const floor = stats(floorRuns);
    const version = stats(versionRuns);
    const figures = { sqlite: await providerFigures("sqlite"), postgresql: await providerFigures("postgresql") };

    const fmt = (s) => `${Math.round(s.median)} (${Math.round(s.min)})`;
    // two significant digits: the skip is a few thousandths of the full sync
    const x = (a, b) => `${Number((a / b).toPrecision(2))}×`;
    const lines = [
      "## sync",
      "",
      "`bench/sync.mjs` times `backant sync` in a two-model project (Users, Posts with a relation) when it is skipped (models, schema file, generated client and the database's fingerprint all match the last sync) and when it runs in full (a new optional column each run: render, `prisma db push`, `prisma generate`), on SQLite and PostgreSQL; and, as the cost the skip avoids, `prisma db push` with nothing to change plus `prisma generate`. Run it after a build; `--write` replaces this section:",
      "",
      "```",
      "npm run build && BENCH_RUNS=7 node bench/sync.mjs --write",
      "```",
      "",
      "### Last run",
      "",
      `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`node bench/sync.mjs\` on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), shared with other work (load average ${load} at start), Node ${process.version}. Wall time of one process in ms, median of ${runs} runs (fastest in brackets). "in-process" is the \`durationMs\` sync reports for its own work, without Node start-up and CLI loading.`,
      "",
      "| figure | SQLite ms | PostgreSQL ms |",
      "| --- | ---: | ---: |",
      `| \`node -e 0\` (process floor) | ${fmt(floor)} | |`,
      `| \`backant version\` (CLI start-up floor) | ${fmt(version)} | |`,
      `| \`backant sync\`, skipped: in-process check | ${fmt(figures.sqlite.skippedInProcess)} | ${fmt(figures.postgresql.skippedInProcess)} |`,
      `| \`backant sync\`, skipped: wall | ${fmt(figures.sqlite.skippedWall)} | ${fmt(figures.postgresql.skippedWall)} |`,
      `| \`backant sync\`, performed (one new column): wall | ${fmt(figures.sqlite.performedWall)} | ${fmt(figures.postgresql.performedWall)} |`,
      `| \`prisma db push\` (no change) + \`prisma generate\` | ${fmt(figures.sqlite.pushGenerate)} | ${fmt(figures.postgresql.pushGenerate)} |`,
      "",
      "| ratio (medians) | SQLite | PostgreSQL |",
      "| --- | ---: | ---: |",
    ];
    const ratioRow = (label, fn) => lines.push(`| ${label} | ${fn(figures.sqlite)} | ${fn(figures.postgresql)} |`);
    ratioRow("skipped wall / `node -e 0`", (f) => x(f.skippedWall.median, floor.median));
    ratioRow("skipped wall / `backant version`", (f) => x(f.skippedWall.median, version.median));
    ratioRow("skipped wall / performed wall", (f) => x(f.skippedWall.median, f.performedWall.median));
    ratioRow("skipped in-process / performed wall", (f) => x(f.skippedInProcess.median, f.performedWall.median));
    lines.push(
      "",
      "How to read it: the skip check itself (in-process) reads the model files, the schema file and the client stamp, then opens the database with its driver (better-sqlite3, or pg with one connection) for one catalog query and the stored fingerprint; it never loads the model files, Prisma's wasm or the prisma CLI. The skipped wall time is that plus Node start-up and backant's CLI loading (yargs and the command modules: the `backant version` row), and on PostgreSQL the `pg` module's load. In `backant dev`, which stays up, only the in-process part is paid on a restart.",
      "",
    );
    const section = lines.join("\n");
    console.log(section);
    if (process.argv.includes("--write")) writeSection("sync", section);
  } finally {
    for (const name of createdDatabases) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    rmSync(workRoot, { recursive: true, force: true });
  }
}

await main();

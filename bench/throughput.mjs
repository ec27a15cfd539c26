// Throughput of the API that backant generates, against three hand-written baselines on the same
// table and routes (bench/throughput/): Express 5 + Prisma 7 as tutorials write it, Flask +
// SQLAlchemy under gunicorn as its tutorials write it (BackAnt's stack), and Fastify 5 + the raw
// driver (the practical limit); each on SQLite and on PostgreSQL. Run after `npm run build`:
//   node bench/throughput.mjs            print the Markdown section
//   node bench/throughput.mjs --write    also replace the "throughput" section of bench/README.md
//   node bench/throughput.mjs --keep     leave the apps' folders under .tmp/bench-throughput/ (and the PostgreSQL databases)
// BENCH_DURATION (s, default 5), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (10), BENCH_ROUNDS (3),
// BENCH_WARMUP_REQUESTS (3000, once per app and route), BENCH_ROWS (1000), BENCH_ROUTES (comma list of get,list,create),
// BENCH_APPS (express,api,raw,flask), BENCH_DATABASES (sqlite,postgresql).
// PostgreSQL: BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres) is the server
// and the database to connect to for creating one database per app (bench_throughput_<app>_<pid>,
// from a seeded template), dropped at the end.
// Flask: a python3 that imports flask, sqlalchemy and gunicorn (and psycopg2 for PostgreSQL), tried as
// BENCH_PYTHON, python3, /usr/bin/python3 (Debian: apt-get install python3-flask python3-sqlalchemy
// gunicorn python3-psycopg2). Without one the Flask app is skipped with a message, unless BENCH_APPS
// names it. BENCH_GUNICORN_WORKERS (default 2 x cores + 1, gunicorn's documented starting point),
// BENCH_GUNICORN_WORKER_CLASS (default gthread: sync workers close the connection after each response,
// which autocannon, keeping connections alive, meets with ECONNRESET errors), BENCH_GUNICORN_THREADS (1).
// BENCH_PRIORITY (default -10): the nice value of the harness (autocannon) and the apps, so that other
// work on a shared machine disturbs the timed runs less; 0 to leave it, ignored when not permitted.
// BENCH_QUIET_WAIT (s, default 20): before each timed run, wait up to this long for a moment when at
// most BENCH_QUIET_RUNNING (default 2) processes are runnable on the machine (/proc/stat).
// BENCH_WAL=express,api,raw,flask (experiment): those apps' SQLite files are put in WAL mode before they start.
// BENCH_PROFILE=api|express|raw runs that app under `node --cpu-prof` (profile in .tmp/bench-throughput/).

// The SQLite drivers, named here and in the baselines' imports (one place to switch them):
// SQLITE_DRIVER seeds the SQLite file here and serves the raw Fastify baseline
// (bench/throughput/fastify-raw/server.mjs imports it); SQLITE_PRISMA_ADAPTER is the Express
// baseline's Prisma adapter (bench/throughput/express-prisma/server.ts imports it).
// The generated project's own driver on both (bench/README.md, "SQLite driver", says why libsql):
// the baselines pay what the generated API pays for it.
const SQLITE_DRIVER = "libsql";
const SQLITE_PRISMA_ADAPTER = "@prisma/adapter-libsql";

import autocannon from "autocannon";
import pg from "pg";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { loadAverage, machine, median, repo, writeSection } from "./throughput/report.mjs";

const { default: Database } = await import(SQLITE_DRIVER);

const env = process.env;
const DURATION = Number(env.BENCH_DURATION ?? 5);
const WARMUP = Number(env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
// Requests each app serves on a route before its first round: V8 optimizes by call counts, and on a
// busy machine a few seconds of warm-up may be a few hundred requests only.
const WARMUP_REQUESTS = Number(env.BENCH_WARMUP_REQUESTS ?? 3000);
const ROWS = Number(env.BENCH_ROWS ?? 1000);
const ROUTE_KEYS = (env.BENCH_ROUTES ?? "get,list,create").split(",");
const APP_KEYS = (env.BENCH_APPS ?? "express,api,raw,flask").split(",");
const DATABASES = (env.BENCH_DATABASES ?? "sqlite,postgresql").split(",");
const PRIORITY = Number(env.BENCH_PRIORITY ?? -10);
const POSTGRES_URL = env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const GUNICORN_WORKERS = Number(env.BENCH_GUNICORN_WORKERS ?? 2 * os.cpus().length + 1);
const GUNICORN_WORKER_CLASS = env.BENCH_GUNICORN_WORKER_CLASS ?? "gthread";
const GUNICORN_THREADS = Number(env.BENCH_GUNICORN_THREADS ?? 1);
const DATABASE_LABELS = { sqlite: "SQLite", postgresql: "PostgreSQL" };
for (const database of DATABASES) {
  if (!DATABASE_LABELS[database]) {
    console.error(`BENCH_DATABASES: unknown database ${database} (sqlite, postgresql)`);
    process.exit(2);
  }
}

const QUIET_WAIT = Number(env.BENCH_QUIET_WAIT ?? 20);
const QUIET_RUNNING = Number(env.BENCH_QUIET_RUNNING ?? 2);

/** Processes runnable right now on the whole machine (this one included); NaN off Linux. */
function runnable() {
  try {
    return Number(/^procs_running (\d+)/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
  } catch {
    return NaN;
  }
}

/** Waits (up to QUIET_WAIT s) until two samples 200 ms apart see at most QUIET_RUNNING runnable processes. */
async function quietMoment() {
  const deadline = Date.now() + QUIET_WAIT * 1000;
  let calm = 0;
  while (Date.now() < deadline && calm < 2) {
    const n = runnable();
    if (Number.isNaN(n)) return;
    calm = n <= QUIET_RUNNING ? calm + 1 : 0;
    if (calm < 2) await sleep(200);
  }
}

/** Samples the machine's runnable count every 250 ms while `promise` runs; resolves to [result, median sample]. */
async function sampled(promise) {
  const samples = [];
  const timer = setInterval(() => samples.push(runnable()), 250);
  try {
    return [await promise, samples.length ? median(samples) : NaN];
  } finally {
    clearInterval(timer);
  }
}

/** Sets a process's nice value; false when not permitted (not root). */
function prioritize(pid) {
  if (PRIORITY === 0) return false;
  try {
    os.setPriority(pid, PRIORITY);
    return true;
  } catch {
    return false;
  }
}

const benchDir = path.join(repo, "bench/throughput");
const workRoot = path.join(repo, ".tmp/bench-throughput");
const runDir = path.join(workRoot, `run-${process.pid}`);
const prismaCli = (root) => path.join(root, "node_modules/prisma/build/index.js");
const tscCli = (root) => path.join(root, "node_modules/typescript/bin/tsc");
// bench/throughput/Products.model.ts in add-model's field syntax (id, createdAt, updatedAt implied).
const FIELDS = "name:string(120) sku:string(40):unique priceCents:int stock:int:default(0)";

if (!existsSync(path.join(repo, "dist/index.js"))) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
  if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const step = (text) => process.stderr.write(`[throughput] ${text}\n`);

// ---------------------------------------------------------------------------------------------
// The generated API: planned by backant with the bench model, installed once per set of deps.

async function writeGeneratedProject(dir, database) {
  const planner = path.join(repo, "dist/scaffold/project-files.js");
  if (existsSync(planner)) {
    const { planProjectFiles } = await import(pathToFileURL(planner).href);
    const files = await planProjectFiles({
      name: "bench-api",
      db: database,
      backantDependency: `file:${repo}`,
      models: [{ name: "Products", fields: FIELDS }],
    });
    for (const file of files) {
      mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      writeFileSync(path.join(dir, file.path), file.content);
    }
    return "`planProjectFiles` (src/scaffold/project-files.ts, what create-backant writes)";
  }
  // Without the planner: the CLI, then the default model replaced by the bench model.
  run(process.execPath, [path.join(repo, "bin/create-backant.js"), path.basename(dir), "--no-install", "--yes", "--db", database], {
    cwd: path.dirname(dir),
  });
  run(
    process.execPath,
    [path.join(repo, "bin/backant.js"), "add-model", "Products", "--fields", FIELDS],
    { cwd: dir },
  );
  return "`create-backant bench-api --no-install --yes` + `backant add-model Products`";
}

/** node_modules installed once per set of dependencies (backant itself is a symlink to this repository). */
function linkInstalledDependencies(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const strip = (deps = {}) => Object.fromEntries(Object.entries(deps).filter(([name]) => name !== "backant").sort());
  const manifest = { name: "bench-api-deps", private: true, type: "module", dependencies: strip(pkg.dependencies), devDependencies: strip(pkg.devDependencies) };
  const hash = createHash("sha256").update(JSON.stringify(manifest)).digest("hex").slice(0, 12);
  const cache = path.join(workRoot, `deps-${hash}`);
  const done = path.join(cache, "node_modules/.bench-installed");
  if (!existsSync(done)) {
    step(`npm install into ${path.relative(repo, cache)} (once per set of dependencies)`);
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    writeFileSync(path.join(cache, "package.json"), JSON.stringify(manifest, null, 2));
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: cache });
    symlinkSync(repo, path.join(cache, "node_modules/backant"), "dir");
    writeFileSync(done, new Date().toISOString());
  }
  symlinkSync(path.join(cache, "node_modules"), path.join(dir, "node_modules"), "dir");
  return cache;
}

async function buildGeneratedApi(dir, database, seedUrl) {
  mkdirSync(dir, { recursive: true });
  const how = await writeGeneratedProject(dir, database);
  linkInstalledDependencies(dir);
  if (readFileSync(path.join(dir, "src/models/Products.model.ts"), "utf8").replace(/^\/\/.*\n/gm, "") !== readFileSync(path.join(benchDir, "Products.model.ts"), "utf8").replace(/^\/\/.*\n/gm, "")) {
    step("note: the generated src/models/Products.model.ts differs from bench/throughput/Products.model.ts (the schema check below decides)");
  }
  run(process.execPath, [path.join(repo, "bin/backant.js"), "schema"], { cwd: dir });
  run(process.execPath, [prismaCli(dir), "generate"], { cwd: dir, env: prismaEnv(seedUrl) });
  // The seeded table is created by the generated project's own schema (prisma db push).
  run(process.execPath, [prismaCli(dir), "db", "push"], { cwd: dir, env: prismaEnv(seedUrl) });
  run(process.execPath, [tscCli(dir), "-p", "tsconfig.build.json"], { cwd: dir });
  return how;
}

const prismaEnv = (url) => ({ ...env, DATABASE_URL: url, CI: "1", PRISMA_SCHEMA_ENGINE_BINARY: path.join(repo, "bin/backant-schema-engine.js") });

// ---------------------------------------------------------------------------------------------
// Baselines.

/** The Express baseline for a database: schema.postgresql.prisma replaces schema.prisma for PostgreSQL. */
function buildExpressBaseline(dir, database, seedUrl, pushSchema) {
  cpSync(path.join(benchDir, "express-prisma"), dir, { recursive: true });
  if (database === "postgresql") copyFileSync(path.join(dir, "schema.postgresql.prisma"), path.join(dir, "schema.prisma"));
  rmSync(path.join(dir, "schema.postgresql.prisma"));
  run(process.execPath, [prismaCli(repo), "generate"], { cwd: dir, env: prismaEnv(seedUrl) });
  if (pushSchema) run(process.execPath, [prismaCli(repo), "db", "push"], { cwd: dir, env: prismaEnv(seedUrl) });
  run(process.execPath, [tscCli(repo), "-p", "tsconfig.json"], { cwd: dir });
}

/** The Prisma model block, without comments and blank lines: the two schemas must describe one table. */
function modelBlock(schemaFile) {
  const text = readFileSync(schemaFile, "utf8");
  const block = text.match(/^model Products \{[\s\S]*?^\}/m)?.[0];
  if (!block) throw new Error(`${schemaFile} has no Products model`);
  return block.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim().replace(/\s+/g, " ")).filter(Boolean).join("\n");
}

/** ROWS products; createdAt one minute apart from 2026-01-01, in the text form Prisma's SQLite adapter writes. */
function seedSqlite(file) {
  const db = new Database(file);
  const insert = db.prepare("INSERT INTO products (name, sku, price_cents, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
  const start = Date.parse("2026-01-01T00:00:00Z");
  db.transaction(() => {
    for (let i = 1; i <= ROWS; i++) {
      const createdAt = new Date(start + i * 60_000).toISOString().replace("Z", "+00:00");
      insert.run(`Product ${i}`, `SKU-${String(i).padStart(6, "0")}`, 100 + ((i * 37) % 9900), i % 50, createdAt, createdAt);
    }
  })();
  db.close();
}

/** The same rows in PostgreSQL (timestamp(3) without time zone, holding UTC as Prisma writes it). */
async function seedPostgres(url) {
  await withPg(url, async (client) => {
    await client.query(
      `INSERT INTO products (name, sku, price_cents, stock, created_at, updated_at)
       SELECT 'Product ' || i, 'SKU-' || lpad(i::text, 6, '0'), 100 + ((i * 37) % 9900), i % 50, t, t
       FROM generate_series(1, $1::int) AS i, LATERAL (SELECT timestamp '2026-01-01 00:00:00' + i * interval '1 minute' AS t) AS ts`,
      [ROWS],
    );
    await client.query("VACUUM ANALYZE products");
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL databases: one seeded template, one copy per app, all dropped at the end.

const pgUrl = (database) => {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

async function withPg(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const createdDatabases = new Set();
const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

async function createDatabase(name, template) {
  await withPg(POSTGRES_URL, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    createdDatabases.add(name);
    await client.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`);
  });
}

async function dropDatabases() {
  if (!createdDatabases.size) return;
  await withPg(POSTGRES_URL, async (client) => {
    for (const name of createdDatabases) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
  createdDatabases.clear();
}

// ---------------------------------------------------------------------------------------------
// Flask + SQLAlchemy: found, or skipped.

/** The first python that imports the modules, or null. */
function findPython(modules) {
  const candidates = [...new Set([env.BENCH_PYTHON, "python3", "/usr/bin/python3"].filter(Boolean))];
  return candidates.find((python) => spawnSync(python, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" }).status === 0) ?? null;
}

/** The python for the Flask app on a database; null (with a message) when it cannot run and BENCH_APPS did not name it. */
function flaskPython(database) {
  const modules = ["flask", "sqlalchemy", "gunicorn", ...(database === "postgresql" ? ["psycopg2"] : [])];
  const python = findPython(modules);
  if (python) return python;
  const message = `no python3 that imports ${modules.join(", ")} (tried BENCH_PYTHON, python3, /usr/bin/python3; Debian: apt-get install python3-flask python3-sqlalchemy gunicorn python3-psycopg2)`;
  if (env.BENCH_APPS !== undefined) throw new Error(`BENCH_APPS names flask, but there is ${message}`);
  step(`skipping Flask + SQLAlchemy on ${DATABASE_LABELS[database]}: ${message}`);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Apps as processes.

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The project's own .env.example values, as a production deployment would have set them. */
function envExample(dir) {
  const file = path.join(dir, ".env.example");
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.match(/^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"?(.*?)"?\s*$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}

/** The command line of an app: node for the Node apps, gunicorn (as `python -m gunicorn`) for Flask. */
function commandLine(app, port) {
  if (app.key === "flask") {
    return [app.python, ["-m", "gunicorn", "--workers", String(GUNICORN_WORKERS), "--worker-class", GUNICORN_WORKER_CLASS, "--threads", String(GUNICORN_THREADS), "--bind", `127.0.0.1:${port}`, "app:app"]];
  }
  const profile = (env.BENCH_PROFILE ?? "").split(",").includes(app.key) ? ["--cpu-prof", `--cpu-prof-dir=${path.join(workRoot, "profiles")}`] : [];
  return [process.execPath, [...profile, app.entry]];
}

async function start(app) {
  const port = await freePort();
  const logFile = path.join(runDir, `${app.key}-${app.database}.log`);
  const log = openSync(logFile, "w");
  const [command, args] = commandLine(app, port);
  const child = spawn(command, args, {
    cwd: app.cwd,
    env: { ...app.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: app.databaseUrl },
    stdio: ["ignore", log, log],
  });
  prioritize(child.pid);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/products/1`);
      // gunicorn forks its workers after the master started: they get the nice value here.
      for (const pid of processTree(child.pid)) prioritize(pid);
      return { ...app, url, child };
    } catch {
      await sleep(100);
    }
  }
  child.kill();
  throw new Error(`${app.label} did not start; its output:\n${readFileSync(logFile, "utf8")}`);
}

/** pid -> { ppid, cpu seconds (user + sys) } of every process on the machine, from /proc (Linux). */
function processTable() {
  const table = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = readFileSync(`/proc/${name}/stat`, "utf8").split(") ").at(-1).split(" ");
      table.set(Number(name), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The pid and its descendants (gunicorn's master and workers). */
function processTree(root, table = processTable()) {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, p] of table) if (p.ppid === pids[i]) pids.push(pid);
  return pids.filter((pid) => table.has(pid));
}

/**
 * CPU seconds used so far by the app's processes and, on PostgreSQL, by the server processes of its
 * database's connections (pg_stat_activity): per pid, so that a connection opened during a run counts from 0.
 */
async function cpuSample(app) {
  const backends = app.pgDatabase
    ? await withPg(POSTGRES_URL, async (client) => (await client.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", [app.pgDatabase])).rows.map((r) => r.pid))
    : [];
  const table = processTable();
  const cpuOf = (pids) => new Map(pids.filter((pid) => table.has(pid)).map((pid) => [pid, table.get(pid).cpu]));
  return { app: cpuOf(processTree(app.child.pid, table)), db: cpuOf(backends) };
}

/** CPU seconds between two samples, per part (app, db). */
function cpuUsed(before, after) {
  const used = (a, b) => [...b].reduce((sum, [pid, cpu]) => sum + cpu - (a.get(pid) ?? 0), 0);
  return { app: used(before.app, after.app), db: used(before.db, after.db) };
}
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

async function stop(app) {
  if (app.child.exitCode !== null) return;
  const exited = new Promise((resolve) => app.child.once("exit", resolve));
  app.child.kill("SIGTERM");
  await Promise.race([exited, sleep(5000)]);
  if (app.child.exitCode === null) app.child.kill("SIGKILL");
}

// ---------------------------------------------------------------------------------------------
// Routes, as autocannon requests. Ids and SKUs change per request (setupRequest).

const ROUTES = {
  get: {
    label: "GET /products/:id",
    requests: () => {
      let n = 0;
      return [{ method: "GET", setupRequest: (req) => ({ ...req, path: `/products/${1 + (n++ % ROWS)}` }) }];
    },
  },
  list: {
    label: "GET /products?page=1&pageSize=20",
    requests: () => [{ method: "GET", path: "/products?page=1&pageSize=20" }],
  },
  create: {
    label: "POST /products",
    requests: (app, round, phase) => {
      let n = 0;
      const prefix = `${app.key}-${round}-${phase}-`;
      return [
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          setupRequest: (req) => ({
            ...req,
            path: "/products",
            body: JSON.stringify({ name: `Bench product ${n}`, sku: `${prefix}${n++}`, priceCents: 1999, stock: 5 }),
          }),
        },
      ];
    },
  },
};

function cannon(app, routeKey, duration, round, phase, amount) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: app.url, connections: CONNECTIONS, pipelining: 1, ...(amount ? { amount } : { duration }), requests: ROUTES[routeKey].requests(app, round, phase) },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * Same answers from every app before anything is timed (createdAt compared as instants; the generated
 * API's list also carries `next`, its keyset cursor, which the baselines do not have).
 */
async function checkAnswers(apps) {
  const normalize = (body) => JSON.parse(JSON.stringify(body), (k, v) => (k === "createdAt" || k === "updatedAt" ? Date.parse(v) : k === "next" ? undefined : v));
  const answers = [];
  for (const app of apps) {
    const one = await fetch(`${app.url}/products/1`);
    const list = await fetch(`${app.url}/products?page=1&pageSize=20`);
    const created = await fetch(`${app.url}/products`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Check", sku: `check-${app.key}`, priceCents: 1, stock: 1 }),
    });
    const createdBody = await created.json();
    const answer = {
      statuses: [one.status, list.status, created.status],
      one: normalize(await one.json()),
      list: normalize(await list.json()),
      createdKeys: Object.keys(createdBody),
    };
    if (answer.statuses.join() !== "200,200,201") throw new Error(`${app.label} answered ${answer.statuses.join(", ")}: ${JSON.stringify(createdBody)}`);
    answers.push([app, answer]);
  }
  const [first, firstAnswer] = answers[0];
  for (const [app, answer] of answers.slice(1)) {
    for (const key of ["one", "list", "createdKeys"]) {
      if (JSON.stringify(answer[key]) !== JSON.stringify(firstAnswer[key])) {
        throw new Error(`${app.label} and ${first.label} differ on ${key}:\n${JSON.stringify(answer[key])}\n${JSON.stringify(firstAnswer[key])}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** Builds, seeds and describes the apps of one database (their own database each, from one seeded copy). */
async function prepare(database, keys) {
  // Before any build: BENCH_APPS naming flask without a python to run it fails early.
  const python = keys.includes("flask") ? flaskPython(database) : null;
  const dbDir = path.join(runDir, database);
  mkdirSync(dbDir, { recursive: true });
  const apiDir = path.join(dbDir, "bench-api");
  const expressDir = path.join(dbDir, "express-prisma");
  const seedFile = path.join(dbDir, "seed.db");
  const seedDatabase = `bench_throughput_seed_${process.pid}`;
  const seedUrl = database === "sqlite" ? `file:${seedFile}` : pgUrl(seedDatabase);
  if (database === "postgresql") await createDatabase(seedDatabase);

  let how = "(not run)";
  if (keys.includes("api")) {
    step(`generating and building the backant API for ${DATABASE_LABELS[database]}`);
    how = await buildGeneratedApi(apiDir, database, seedUrl);
  }
  step(`building the Express + Prisma baseline for ${DATABASE_LABELS[database]}`);
  // Without the generated API, the Express baseline's schema creates the table.
  buildExpressBaseline(expressDir, database, seedUrl, !keys.includes("api"));
  if (keys.includes("api") && modelBlock(path.join(apiDir, "prisma/schema.prisma")) !== modelBlock(path.join(expressDir, "schema.prisma"))) {
    throw new Error(`bench/throughput/express-prisma/${database === "sqlite" ? "schema.prisma" : "schema.postgresql.prisma"} no longer describes the table backant renders from Products.model.ts`);
  }
  if (database === "sqlite") seedSqlite(seedFile);
  else await seedPostgres(seedUrl);

  const flaskDir = path.join(dbDir, "flask-sqlalchemy");
  cpSync(path.join(benchDir, "flask-sqlalchemy"), flaskDir, { recursive: true });
  const defs = {
    express: { label: "Express 5 + Prisma 7", cwd: expressDir, entry: "dist/server.js", env: { ...env } },
    api: { label: "generated API (backant)", cwd: apiDir, entry: "dist/server.js", env: { ...env, ...envExample(apiDir) } },
    raw: {
      label: database === "sqlite" ? `Fastify 5 + ${SQLITE_DRIVER}` : "Fastify 5 + pg",
      cwd: dbDir,
      entry: path.join(benchDir, database === "sqlite" ? "fastify-raw/server.mjs" : "fastify-raw/server-pg.mjs"),
      env: { ...env },
    },
    flask: { label: "Flask + SQLAlchemy (gunicorn)", cwd: flaskDir, env: { ...env, PYTHONDONTWRITEBYTECODE: "1" } },
  };
  const apps = [];
  for (const key of keys) {
    const app = { ...defs[key], key, database };
    if (key === "flask") {
      if (!python) continue;
      app.python = python;
    }
    if (database === "sqlite") {
      const file = path.join(dbDir, `${key}.db`);
      cpSync(seedFile, file);
      if ((env.BENCH_WAL ?? "").split(",").includes(key)) {
        // Experiment knob: the file in WAL mode before the app opens it.
        const db = new Database(file);
        db.pragma("journal_mode = WAL");
        db.close();
      }
      app.databaseUrl = key === "flask" ? `sqlite:///${file}` : `file:${file}`;
    } else {
      app.pgDatabase = `bench_throughput_${key}_${process.pid}`;
      await createDatabase(app.pgDatabase, seedDatabase);
      app.databaseUrl = key === "flask" ? pgUrl(app.pgDatabase).replace(/^postgres(ql)?:/, "postgresql+psycopg2:") : pgUrl(app.pgDatabase);
    }
    apps.push(app);
  }
  return { apps, how };
}

/** Times every route on every app of one database; the apps are stopped at the end. */
async function measure(database, definitions) {
  const apps = [];
  try {
    for (const def of definitions) apps.push(await start(def));
    await checkAnswers(apps);
    const prioritized = prioritize(0);
    const loadBefore = loadAverage();
    const results = {};
    for (const routeKey of ROUTE_KEYS) {
      results[routeKey] = Object.fromEntries(apps.map((a) => [a.key, []]));
      if (WARMUP_REQUESTS > 0) for (const app of apps) await cannon(app, routeKey, 0, "first", "warm", WARMUP_REQUESTS);
      for (let round = 0; round < ROUNDS; round++) {
        // A different app goes first in each round, so drift in the machine's load spreads over all.
        const order = apps.map((_, i) => apps[(i + round) % apps.length]);
        for (const app of order) {
          if (WARMUP > 0) await cannon(app, routeKey, WARMUP, round, "warm");
          await quietMoment();
          const cpuBefore = await cpuSample(app);
          const [r, running] = await sampled(cannon(app, routeKey, DURATION, round, "run"));
          const cpu = cpuUsed(cpuBefore, await cpuSample(app));
          if (r.errors || r.timeouts || r.non2xx) throw new Error(`${app.label} on ${ROUTES[routeKey].label} (${DATABASE_LABELS[database]}): ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
          const cpuPerRequest = (cpu.app / r.requests.total) * 1e6;
          const dbCpuPerRequest = app.pgDatabase ? (cpu.db / r.requests.total) * 1e6 : 0;
          results[routeKey][app.key].push({ rps: r.requests.total / (r.duration || DURATION), p50: r.latency.p50, p99: r.latency.p99, cpuPerRequest, dbCpuPerRequest, totalCpu: cpuPerRequest + dbCpuPerRequest, running });
          step(
            `${DATABASE_LABELS[database]} ${ROUTES[routeKey].label} round ${round + 1} ${app.label}: ${Math.round(r.requests.total / r.duration)} req/s, p99 ${r.latency.p99} ms, ` +
              `${Math.round(cpuPerRequest)} µs CPU/request${app.pgDatabase ? ` + ${Math.round(dbCpuPerRequest)} µs in PostgreSQL` : ""}, ${running} runnable`,
          );
        }
      }
    }
    const loadAfter = loadAverage();
    const running = median(Object.values(results).flatMap((byApp) => Object.values(byApp).flatMap((list) => list.map((x) => x.running))));
    return { database, apps: apps.map(({ child, ...app }) => app), results, loadBefore, loadAfter, running, prioritized };
  } finally {
    for (const app of apps) await stop(app);
  }
}

async function main() {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const runs = [];
  let how = "(not run)";
  try {
    for (const database of DATABASES) {
      const prepared = await prepare(database, APP_KEYS);
      if (prepared.how !== "(not run)") how = prepared.how;
      runs.push(await measure(database, prepared.apps));
      if (database === "postgresql" && !process.argv.includes("--keep")) await dropDatabases();
    }
    const section = report({ runs, how, prioritized: runs.some((r) => r.prioritized) });
    console.log(section);
    if (process.argv.includes("--write")) writeSection("throughput", section);
  } finally {
    if (!process.argv.includes("--keep")) {
      await dropDatabases().catch((error) => step(`could not drop the PostgreSQL databases: ${error.message}`));
      rmSync(runDir, { recursive: true, force: true });
    }
  }
}

/** Median over the rounds of a/b, each round's two runs having been made minutes apart at most; with the range. */
function pairedRatio(byApp, a, b, field) {
  const ratios = byApp[a].map((x, i) => x[field] / byApp[b][i][field]);
  const fmt = (r) => r.toFixed(2);
  return ratios.length > 1 ? `${fmt(median(ratios))}x (${fmt(Math.min(...ratios))}-${fmt(Math.max(...ratios))})` : `${fmt(ratios[0])}x`;
}

/** The ratio columns: the generated API against each baseline that ran. */
const BASELINES = [
  ["express", "Express"],
  ["flask", "Flask"],
  ["raw", "raw Fastify"],
];

function report({ runs, how, prioritized }) {
  const int = (n) => Math.round(n).toLocaleString("en-US");
  const summary = (list) => {
    const rps = list.map((x) => x.rps);
    return {
      rps: median(rps),
      min: Math.min(...rps),
      max: Math.max(...rps),
      p50: median(list.map((x) => x.p50)),
      p99: median(list.map((x) => x.p99)),
      cpu: median(list.map((x) => x.cpuPerRequest)),
      dbCpu: median(list.map((x) => x.dbCpuPerRequest)),
      totalCpu: median(list.map((x) => x.totalCpu)),
    };
  };
  const allApps = new Set(runs.flatMap((r) => r.apps.map((a) => a.key)));
  const lines = [
    "## throughput",
    "",
    "`bench/throughput.mjs` serves one table with four apps, on SQLite and on PostgreSQL, and loads each with autocannon, one app at a time, in one call. Run it after a build; `--write` replaces this section:",
    "",
    "```",
    "npm run build && node bench/throughput.mjs --write",
    "```",
    "",
    `The apps: the API backant generates for \`bench/throughput/Products.model.ts\` (id, name string(120), sku string(40) unique, priceCents int, stock int default 0, createdAt, updatedAt), written by ${how} for each database, installed once under .tmp/ and built with its own \`tsc -p tsconfig.build.json\`; \`bench/throughput/express-prisma\` (Express 5 + Prisma 7 with the ${SQLITE_PRISMA_ADAPTER} or @prisma/adapter-pg adapter, written the way tutorials do it: express.json, findUnique / findMany / create, res.json); \`bench/throughput/flask-sqlalchemy\` (Flask + SQLAlchemy under gunicorn, BackAnt's stack, written the way its tutorials do it: a declarative model class, a scoped session per request, session.get / select / add + commit, jsonify; with psycopg2 on PostgreSQL); \`bench/throughput/fastify-raw\` (Fastify 5 + ${SQLITE_DRIVER} prepared statements, or a pg.Pool with named statements, and response schemas: the practical limit). The Node apps run as \`node dist/server.js\` (or server.mjs) with NODE_ENV=production (the generated API with its .env.example values and its own production logging, to a file; the baselines log nothing); Flask as \`python3 -m gunicorn --workers ${GUNICORN_WORKERS} --worker-class ${GUNICORN_WORKER_CLASS} --threads ${GUNICORN_THREADS}\` (2 x cores + 1 workers is gunicorn's documented starting point; why not its sync workers: see the notes below; no access log). Each app has its own copy of one SQLite file, or its own PostgreSQL database copied from one template, seeded with ${int(ROWS)} rows. The apps return the same JSON (checked before timing; the list is \`{data, page, pageSize, hasMore}\` from one query of pageSize + 1 rows in all of them; the generated API's also carries \`next\`, its keyset cursor).`,
    "",
    `Routes: GET /products/:id (ids 1 to ${int(ROWS)} in turn), GET /products?page=1&pageSize=20, POST /products (a new sku each request). Each app first serves ${int(WARMUP_REQUESTS)} requests of the route (untimed), then each figure: ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s measured, ${ROUNDS} rounds with the apps in rotated order; median req/s over the rounds (slowest and fastest round in brackets), median latencies. Ratios are the median over the rounds of the ratio within a round (lowest and highest in brackets): the apps of one round run back to back, so they saw about the same machine.`,
    "",
    "### Last run",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}, shared with other work${runs.map((r) => `; ${DATABASE_LABELS[r.database]}: load average ${r.loadBefore} before the timed runs, ${r.loadAfter} after, ${r.running} runnable processes during them`).join("")} (median of /proc/stat samples every 250 ms; the app and autocannon make 2 of them, PostgreSQL's server processes more), each run started after waiting up to ${QUIET_WAIT} s for at most ${QUIET_RUNNING}. autocannon runs in the harness process, beside the app under test${prioritized ? `; the harness and the apps ran at nice ${PRIORITY}, ahead of the other work (PostgreSQL's server did not)` : ""}.${!allApps.has("flask") && APP_KEYS.includes("flask") ? " The Flask app was skipped: no python3 with flask, sqlalchemy and gunicorn." : ""}`,
  ];
  for (const { database, apps, results } of runs) {
    const has = (key) => apps.some((a) => a.key === key);
    const pairs = has("api") ? BASELINES.filter(([key]) => has(key)) : [];
    const pg = database === "postgresql";
    lines.push("", `#### ${DATABASE_LABELS[database]}`, "");
    lines.push(
      `| route | ${apps.map((a) => `${a.label} req/s`).join(" | ")} |${pairs.map(([, name]) => ` generated / ${name} |`).join("")}`,
      `| --- |${apps.map(() => " ---: |").join("")}${pairs.map(() => " ---: |").join("")}`,
    );
    for (const routeKey of Object.keys(results)) {
      const s = Object.fromEntries(apps.map((a) => [a.key, summary(results[routeKey][a.key])]));
      const cells = apps.map((a) => `${int(s[a.key].rps)} (${int(s[a.key].min)}-${int(s[a.key].max)})`);
      for (const [key] of pairs) cells.push(pairedRatio(results[routeKey], "api", key, "rps"));
      lines.push(`| ${ROUTES[routeKey].label} | ${cells.join(" | ")} |`);
    }
    lines.push(
      "",
      pg
        ? "CPU time per request served (user + sys, from /proc), median over the rounds: the app's processes plus the PostgreSQL server processes of its connections (pg_stat_activity), the latter in brackets. Ratios on that sum: the baseline's CPU per request / the generated API's (above 1, the generated API spends less)."
        : "The app's own CPU time (user + sys, from /proc; for Flask the gunicorn master and its workers) per request served, median over the rounds; it depends much less on what else the machine runs than req/s does. Ratios: the baseline's CPU per request / the generated API's (above 1, the generated API spends less).",
      "",
      `| route | ${apps.map((a) => `${a.label} CPU/request`).join(" | ")} |${pairs.map(([, name]) => ` ${name} / generated |`).join("")}`,
      `| --- |${apps.map(() => " ---: |").join("")}${pairs.map(() => " ---: |").join("")}`,
    );
    for (const routeKey of Object.keys(results)) {
      const s = Object.fromEntries(apps.map((a) => [a.key, summary(results[routeKey][a.key])]));
      const cells = apps.map((a) => (pg ? `${Math.round(s[a.key].totalCpu)} µs (${Math.round(s[a.key].dbCpu)})` : `${Math.round(s[a.key].cpu)} µs`));
      for (const [key] of pairs) cells.push(pairedRatio(results[routeKey], key, "api", "totalCpu"));
      lines.push(`| ${ROUTES[routeKey].label} | ${cells.join(" | ")} |`);
    }
    lines.push("", `| route | ${apps.map((a) => `${a.label} latency p50 / p99`).join(" | ")} |`, `| --- |${apps.map(() => " ---: |").join("")}`);
    for (const routeKey of Object.keys(results)) {
      const s = Object.fromEntries(apps.map((a) => [a.key, summary(results[routeKey][a.key])]));
      lines.push(`| ${ROUTES[routeKey].label} | ${apps.map((a) => `${s[a.key].p50} / ${s[a.key].p99} ms`).join(" | ")} |`);
    }
  }
  const notes = path.join(benchDir, "NOTES.md");
  if (existsSync(notes)) lines.push("", readFileSync(notes, "utf8").trim());
  lines.push("");
  return lines.join("\n");
}

await main();

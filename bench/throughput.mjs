// Throughput of the API that backant generates, against two hand-written baselines on the same
// SQLite table and routes (bench/throughput/): Express 5 + Prisma 7 as tutorials write it, and
// Fastify 5 + better-sqlite3 directly (the practical limit). Run after `npm run build`:
//   node bench/throughput.mjs            print the Markdown section
//   node bench/throughput.mjs --write    also replace the "throughput" section of bench/README.md
//   node bench/throughput.mjs --keep     leave the apps' folders under .tmp/bench-throughput/
// BENCH_DURATION (s, default 5), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (10), BENCH_ROUNDS (3),
// BENCH_WARMUP_REQUESTS (3000, once per app and route), BENCH_ROWS (1000), BENCH_ROUTES (comma list of get,list,create), BENCH_APPS (express,api,raw).
// BENCH_PRIORITY (default -10): the nice value of the harness (autocannon) and the apps, so that other
// work on a shared machine disturbs the timed runs less; 0 to leave it, ignored when not permitted.
// BENCH_QUIET_WAIT (s, default 20): before each timed run, wait up to this long for a moment when at
// most BENCH_QUIET_RUNNING (default 2) processes are runnable on the machine (/proc/stat).
// BENCH_WAL=express,api,raw (experiment): those apps' database files are put in WAL mode before they start.
// BENCH_PROFILE=api|express|raw runs that app under `node --cpu-prof` (profile in .tmp/bench-throughput/).
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { loadAverage, machine, median, repo, writeSection } from "./throughput/report.mjs";

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
const APP_KEYS = (env.BENCH_APPS ?? "express,api,raw").split(",");
const PRIORITY = Number(env.BENCH_PRIORITY ?? -10);

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

async function writeGeneratedProject(dir) {
  const planner = path.join(repo, "dist/scaffold/project-files.js");
  if (existsSync(planner)) {
    const { planProjectFiles } = await import(pathToFileURL(planner).href);
    const files = await planProjectFiles({
      name: "bench-api",
      db: "sqlite",
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
  run(process.execPath, [path.join(repo, "bin/create-backant.js"), path.basename(dir), "--no-install", "--yes"], {
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

async function buildGeneratedApi(dir, seedDb) {
  mkdirSync(dir, { recursive: true });
  const how = await writeGeneratedProject(dir);
  linkInstalledDependencies(dir);
  if (readFileSync(path.join(dir, "src/models/Products.model.ts"), "utf8").replace(/^\/\/.*\n/gm, "") !== readFileSync(path.join(benchDir, "Products.model.ts"), "utf8").replace(/^\/\/.*\n/gm, "")) {
    step("note: the generated src/models/Products.model.ts differs from bench/throughput/Products.model.ts (the schema check below decides)");
  }
  run(process.execPath, [path.join(repo, "bin/backant.js"), "schema"], { cwd: dir });
  run(process.execPath, [prismaCli(dir), "generate"], { cwd: dir, env: prismaEnv(seedDb) });
  // The seeded table is created by the generated project's own schema (prisma db push).
  run(process.execPath, [prismaCli(dir), "db", "push"], { cwd: dir, env: prismaEnv(seedDb) });
  run(process.execPath, [tscCli(dir), "-p", "tsconfig.build.json"], { cwd: dir });
  return how;
}

const prismaEnv = (db) => ({ ...env, DATABASE_URL: `file:${db}`, CI: "1", PRISMA_SCHEMA_ENGINE_BINARY: path.join(repo, "bin/backant-schema-engine.js") });

// ---------------------------------------------------------------------------------------------
// Baselines.

function buildExpressBaseline(dir, seedDb) {
  cpSync(path.join(benchDir, "express-prisma"), dir, { recursive: true });
  run(process.execPath, [prismaCli(repo), "generate"], { cwd: dir, env: prismaEnv(seedDb) });
  if (!existsSync(seedDb)) run(process.execPath, [prismaCli(repo), "db", "push"], { cwd: dir, env: prismaEnv(seedDb) });
  run(process.execPath, [tscCli(repo), "-p", "tsconfig.json"], { cwd: dir });
}

/** The Prisma model block, without comments and blank lines: the two schemas must describe one table. */
function modelBlock(schemaFile) {
  const text = readFileSync(schemaFile, "utf8");
  const block = text.match(/^model Products \{[\s\S]*?^\}/m)?.[0];
  if (!block) throw new Error(`${schemaFile} has no Products model`);
  return block.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim().replace(/\s+/g, " ")).filter(Boolean).join("\n");
}

function seed(file) {
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

async function start(app) {
  const port = await freePort();
  const log = openSync(path.join(runDir, `${app.key}.log`), "w");
  const profile = (env.BENCH_PROFILE ?? "").split(",").includes(app.key) ? ["--cpu-prof", `--cpu-prof-dir=${path.join(workRoot, "profiles")}`] : [];
  const child = spawn(process.execPath, [...profile, app.entry], {
    cwd: app.cwd,
    env: { ...app.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: `file:${app.db}` },
    stdio: ["ignore", log, log],
  });
  prioritize(child.pid);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/products/1`);
      return { ...app, url, child };
    } catch {
      await sleep(100);
    }
  }
  child.kill();
  throw new Error(`${app.label} did not start; its output:\n${readFileSync(path.join(runDir, `${app.key}.log`), "utf8")}`);
}

/** CPU seconds (user + sys) the app's process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(app) {
  try {
    const fields = readFileSync(`/proc/${app.child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
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

/** Same answers from every app before anything is timed (createdAt compared as instants). */
async function checkAnswers(apps) {
  const normalize = (body) => JSON.parse(JSON.stringify(body), (k, v) => (k === "createdAt" || k === "updatedAt" ? Date.parse(v) : v));
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

async function main() {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const apiDir = path.join(runDir, "bench-api");
  const expressDir = path.join(runDir, "express-prisma");
  const seedDb = path.join(runDir, "seed.db");

  let how = "(not run)";
  if (APP_KEYS.includes("api")) {
    step("generating and building the backant API");
    how = await buildGeneratedApi(apiDir, seedDb);
  }
  step("building the Express + Prisma baseline");
  buildExpressBaseline(expressDir, seedDb);
  if (APP_KEYS.includes("api") && modelBlock(path.join(apiDir, "prisma/schema.prisma")) !== modelBlock(path.join(expressDir, "schema.prisma"))) {
    throw new Error("bench/throughput/express-prisma/schema.prisma no longer describes the table backant renders from Products.model.ts");
  }
  seed(seedDb);

  const defs = {
    express: { key: "express", label: "Express 5 + Prisma 7", cwd: expressDir, entry: "dist/server.js", env: { ...env } },
    api: { key: "api", label: "generated API (backant)", cwd: apiDir, entry: "dist/server.js", env: { ...env, ...envExample(apiDir) } },
    raw: { key: "raw", label: "Fastify 5 + better-sqlite3", cwd: runDir, entry: path.join(benchDir, "fastify-raw/server.mjs"), env: { ...env } },
  };
  const apps = [];
  try {
    for (const key of APP_KEYS) {
      const db = path.join(runDir, `${key}.db`);
      cpSync(seedDb, db);
      if ((env.BENCH_WAL ?? "").split(",").includes(key)) {
        // Experiment knob: the file in WAL mode before the app opens it (better-sqlite3 then defaults to synchronous=NORMAL).
        const file = new Database(db);
        file.pragma("journal_mode = WAL");
        file.close();
      }
      apps.push(await start({ ...defs[key], db }));
    }
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
          const cpuBefore = cpuSeconds(app);
          const [r, running] = await sampled(cannon(app, routeKey, DURATION, round, "run"));
          const cpu = cpuSeconds(app) - cpuBefore;
          if (r.errors || r.timeouts || r.non2xx) throw new Error(`${app.label} on ${ROUTES[routeKey].label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
          const cpuPerRequest = (cpu / r.requests.total) * 1e6;
          results[routeKey][app.key].push({ rps: r.requests.total / (r.duration || DURATION), p50: r.latency.p50, p99: r.latency.p99, cpuPerRequest, running });
          step(`${ROUTES[routeKey].label} round ${round + 1} ${app.label}: ${Math.round(r.requests.total / r.duration)} req/s, p99 ${r.latency.p99} ms, ${Math.round(cpuPerRequest)} µs CPU/request, ${running} runnable`);
        }
      }
    }
    const loadAfter = loadAverage();
    const running = median(Object.values(results).flatMap((byApp) => Object.values(byApp).flatMap((list) => list.map((x) => x.running))));
    const section = report({ apps, results, how, loadBefore, loadAfter, prioritized, running });
    console.log(section);
    if (process.argv.includes("--write")) writeSection("throughput", section);
  } finally {
    for (const app of apps) await stop(app);
    if (!process.argv.includes("--keep")) rmSync(runDir, { recursive: true, force: true });
  }
}

/** Median over the rounds of a/b, each round's two runs having been made minutes apart at most; with the range. */
function pairedRatio(byApp, a, b, field) {
  const ratios = byApp[a].map((x, i) => x[field] / byApp[b][i][field]);
  const fmt = (r) => r.toFixed(2);
  return ratios.length > 1 ? `${fmt(median(ratios))}x (${fmt(Math.min(...ratios))}-${fmt(Math.max(...ratios))})` : `${fmt(ratios[0])}x`;
}

function report({ apps, results, how, loadBefore, loadAfter, prioritized, running }) {
  const int = (n) => Math.round(n).toLocaleString("en-US");
  const summary = (list) => {
    const rps = list.map((x) => x.rps);
    return { rps: median(rps), min: Math.min(...rps), max: Math.max(...rps), p50: median(list.map((x) => x.p50)), p99: median(list.map((x) => x.p99)), cpu: median(list.map((x) => x.cpuPerRequest)) };
  };
  const has = (key) => apps.some((a) => a.key === key);
  const lines = [
    "## throughput",
    "",
    "`bench/throughput.mjs` serves one SQLite table with three apps and loads each with autocannon, one app at a time, in one call. Run it after a build; `--write` replaces this section:",
    "",
    "```",
    "npm run build && node bench/throughput.mjs --write",
    "```",
    "",
    `The apps: the API backant generates for \`bench/throughput/Products.model.ts\` (id, name string(120), sku string(40) unique, priceCents int, stock int default 0, createdAt, updatedAt), written by ${how}, installed once under .tmp/ and built with its own \`tsc -p tsconfig.build.json\`; \`bench/throughput/express-prisma\` (Express 5 + Prisma 7 with the better-sqlite3 adapter, written the way tutorials do it: express.json, findUnique / findMany / create, res.json); \`bench/throughput/fastify-raw\` (Fastify 5 + better-sqlite3 prepared statements and response schemas: the practical limit). Each runs as \`node dist/server.js\` with NODE_ENV=production (the generated API with its .env.example values and its own production logging, to a file; the baselines log nothing) on its own copy of one SQLite file seeded with ${int(ROWS)} rows. The three return the same JSON (checked before timing; the list is \`{data, page, pageSize, hasMore}\` from one query of pageSize + 1 rows in all three).`,
    "",
    `Routes: GET /products/:id (ids 1 to ${int(ROWS)} in turn), GET /products?page=1&pageSize=20, POST /products (a new sku each request). Each app first serves ${int(WARMUP_REQUESTS)} requests of the route (untimed), then each figure: ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s measured, ${ROUNDS} rounds with the apps in rotated order; median req/s over the rounds (slowest and fastest round in brackets), median latencies. Ratios are the median over the rounds of the ratio within a round (lowest and highest in brackets): the apps of one round run back to back, so they saw about the same machine.`,
    "",
    "### Last run",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}, shared with other work: load average ${loadBefore} before the timed runs, ${loadAfter} after; during the timed runs the machine had ${running} runnable processes (median of /proc/stat samples every 250 ms; the app and autocannon make 2 of them), each run started after waiting up to ${QUIET_WAIT} s for at most ${QUIET_RUNNING}. autocannon runs in the harness process, beside the app under test${prioritized ? `; the harness and the apps ran at nice ${PRIORITY}, ahead of the other work` : ""}.`,
    "",
    `| route | ${apps.map((a) => `${a.label} req/s`).join(" | ")} |${has("api") && has("express") ? " generated / Express |" : ""}${has("api") && has("raw") ? " generated / raw Fastify |" : ""}`,
    `| --- |${apps.map(() => " ---: |").join("")}${has("api") && has("express") ? " ---: |" : ""}${has("api") && has("raw") ? " ---: |" : ""}`,
  ];
  for (const routeKey of Object.keys(results)) {
    const s = Object.fromEntries(apps.map((a) => [a.key, summary(results[routeKey][a.key])]));
    const cells = apps.map((a) => `${int(s[a.key].rps)} (${int(s[a.key].min)}-${int(s[a.key].max)})`);
    if (has("api") && has("express")) cells.push(pairedRatio(results[routeKey], "api", "express", "rps"));
    if (has("api") && has("raw")) cells.push(pairedRatio(results[routeKey], "api", "raw", "rps"));
    lines.push(`| ${ROUTES[routeKey].label} | ${cells.join(" | ")} |`);
  }
  lines.push(
    "",
    "The app's own CPU time (user + sys, from /proc) per request served, median over the rounds; it depends much less on what else the machine runs than req/s does. Ratios: Express's CPU per request / the generated API's (higher is better for the generated API).",
    "",
    `| route | ${apps.map((a) => `${a.label} CPU/request`).join(" | ")} |${has("api") && has("express") ? " Express / generated |" : ""}`,
    `| --- |${apps.map(() => " ---: |").join("")}${has("api") && has("express") ? " ---: |" : ""}`,
  );
  for (const routeKey of Object.keys(results)) {
    const s = Object.fromEntries(apps.map((a) => [a.key, summary(results[routeKey][a.key])]));
    const cells = apps.map((a) => `${Math.round(s[a.key].cpu)} µs`);
    if (has("api") && has("express")) cells.push(pairedRatio(results[routeKey], "express", "api", "cpuPerRequest"));
    lines.push(`| ${ROUTES[routeKey].label} | ${cells.join(" | ")} |`);
  }
  lines.push("", `| route | ${apps.map((a) => `${a.label} latency p50 / p99`).join(" | ")} |`, `| --- |${apps.map(() => " ---: |").join("")}`);
  for (const routeKey of Object.keys(results)) {
    const s = Object.fromEntries(apps.map((a) => [a.key, summary(results[routeKey][a.key])]));
    lines.push(`| ${ROUTES[routeKey].label} | ${apps.map((a) => `${s[a.key].p50} / ${s[a.key].p99} ms`).join(" | ")} |`);
  }
  const notes = path.join(benchDir, "NOTES.md");
  if (existsSync(notes)) lines.push("", readFileSync(notes, "utf8").trim());
  lines.push("");
  return lines.join("\n");
}

await main();

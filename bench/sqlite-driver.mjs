// Which SQLite driver a generated project gets: each candidate Prisma 7 adapter and its driver are
// installed from the npm registry into a folder of their own (the install timed, and whether it
// compiled), a new SQLite project's whole npm install is timed with no toolchain on PATH, then the same queries run through each adapter's public interface (queryRaw /
// executeRaw, what Prisma's client calls) in child processes taken in turn, A B C A B C:
//   node bench/sqlite-driver.mjs            print the Markdown section
//   node bench/sqlite-driver.mjs --write    also replace the "SQLite driver" section of bench/README.md
// BENCH_ROUNDS (default 3). better-sqlite3 compiles with node-gyp where its prebuilt binary cannot
// be downloaded from GitHub (as here): that install needs python3, make and g++.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { transformSync } from "esbuild";
import { loadAverage, machine, median, repo, writeSection } from "./throughput/report.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PRISMA = "7.10.0";
const root = path.join(repo, ".tmp/bench-sqlite-driver");

const candidates = [
  {
    key: "libsql",
    label: "@prisma/adapter-libsql + libsql",
    packages: [`@prisma/adapter-libsql@${PRISMA}`],
    open: `const { PrismaLibSql } = await import("@prisma/adapter-libsql"); factory = new PrismaLibSql({ url: "file:" + file });`,
  },
  {
    // The generated project's client under the same adapter (src/startup/sqlite-client.ts): statements
    // kept prepared, rows as arrays. Its source is the project template, stripped of its types.
    key: "libsql-prepared",
    label: "@prisma/adapter-libsql + libsql, the generated project's client",
    packages: [`@prisma/adapter-libsql@${PRISMA}`, "libsql@0.5.29"],
    files: { "sqlite-client.mjs": () => transformSync(readFileSync(path.join(repo, "templates/project/src/startup/sqlite-client.ts.hbs"), "utf8"), { loader: "ts", format: "esm" }).code },
    open: `const { PreparedLibSql } = await import("./sqlite-client.mjs"); factory = new PreparedLibSql({ url: "file:" + file });`,
  },
  {
    key: "better-sqlite3",
    label: "@prisma/adapter-better-sqlite3 + better-sqlite3",
    packages: [`@prisma/adapter-better-sqlite3@${PRISMA}`, "better-sqlite3@12.11.1"],
    allowScripts: { "better-sqlite3": true },
    open: `const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3"); factory = new PrismaBetterSqlite3({ url: "file:" + file });`,
  },
];

// The measured queries: the generated API's read by id, a page of 20 (21 rows read), an insert.
const probe = (open) => `
import { rmSync } from "node:fs";
const file = new URL("./bench.db", import.meta.url).pathname;
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
let factory;
${open}
const a = await factory.connect();
const S = { scalarType: "string", arity: "scalar" }, I = { scalarType: "int", arity: "scalar" };
await a.executeScript('CREATE TABLE "Products" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "sku" TEXT NOT NULL UNIQUE, "priceCents" INTEGER NOT NULL, "stock" INTEGER NOT NULL DEFAULT 0, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)');
await a.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
const columns = '"id", "name", "sku", "priceCents", "stock", "createdAt", "updatedAt"';
let n = 0;
const insert = () => a.executeRaw({ sql: 'INSERT INTO "Products" ("name", "sku", "priceCents", "stock") VALUES (?, ?, ?, ?)', args: ["Product", "sku-" + n++, 100, 1], argTypes: [S, S, I, I] });
for (let i = 0; i < 1000; i++) await insert();
const byId = (i) => a.queryRaw({ sql: "SELECT " + columns + ' FROM "Products" WHERE "id" = ? LIMIT 1', args: [i], argTypes: [I] });
const page = () => a.queryRaw({ sql: "SELECT " + columns + ' FROM "Products" ORDER BY "id" LIMIT ? OFFSET ?', args: [21, 0], argTypes: [I, I] });
async function cpu(fn, count) {
  for (let i = 0; i < 2000; i++) await fn((i % 1000) + 1);
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) await fn((i % 1000) + 1);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}
console.log(JSON.stringify({ byId: await cpu(byId, 20000), page: await cpu(page, 10000), insert: await cpu(insert, 3000) }));
await a.dispose();
`;

function install(candidate) {
  const dir = path.join(root, candidate.key);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `bench-${candidate.key}`, private: true, type: "module", allowScripts: candidate.allowScripts ?? {} }, null, 2));
  writeFileSync(path.join(dir, "probe.mjs"), probe(candidate.open));
  for (const [name, content] of Object.entries(candidate.files ?? {})) writeFileSync(path.join(dir, name), content());
  const started = process.hrtime.bigint();
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=info", ...candidate.packages], { cwd: dir, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`npm install in ${dir} failed:\n${result.stderr}`);
  const compiled = /node-gyp rebuild|gyp info/.test(result.stderr);
  const size = spawnSync("du", ["-sm", path.join(dir, "node_modules")], { encoding: "utf8" }).stdout.split("\t")[0];
  return { dir, seconds, compiled, size: Number(size) };
}

/** A PATH with node, npm, npx, git and sh only: no compiler, make or python. */
function pathWithoutToolchain() {
  const bin = path.join(root, "no-toolchain-bin");
  rmSync(bin, { recursive: true, force: true });
  mkdirSync(bin, { recursive: true });
  for (const tool of ["node", "npm", "npx", "git", "sh"]) {
    const found = tool === "node" ? process.execPath : realpathSync(spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim());
    symlinkSync(found, path.join(bin, tool));
  }
  return bin;
}

/** What a user waits for: `create-backant` writes a SQLite project, then its `npm install`, timed, with no toolchain on PATH. */
function projectInstall() {
  const parent = path.join(root, "project");
  rmSync(parent, { recursive: true, force: true });
  mkdirSync(parent, { recursive: true });
  const created = spawnSync(process.execPath, [path.join(repo, "bin/create-backant.js"), "sqlite-app", "--yes", "--no-install", "--no-git"], { cwd: parent, encoding: "utf8" });
  if (created.status !== 0) throw new Error(`create-backant failed:\n${created.stderr}`);
  const dir = path.join(parent, "sqlite-app");
  const env = { ...process.env, PATH: pathWithoutToolchain() };
  const started = process.hrtime.bigint();
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, env, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`npm install of the generated project failed:\n${result.stderr}`);
  const packages = Number(/added (\d+) packages/.exec(result.stdout)?.[1] ?? NaN);
  return { seconds, packages };
}

const loadBefore = loadAverage();
const project = projectInstall();
const installs = Object.fromEntries(candidates.map((candidate) => [candidate.key, install(candidate)]));
const samples = Object.fromEntries(candidates.map((c) => [c.key, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const candidate of candidates) {
    const result = spawnSync(process.execPath, ["probe.mjs"], { cwd: installs[candidate.key].dir, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${candidate.key}: ${result.stderr}`);
    samples[candidate.key].push(JSON.parse(result.stdout.trim().split("\n").pop()));
  }
}
const loadAfter = loadAverage();

const us = (value) => `${value.toFixed(1)} µs`;
const measure = (key, field) => median(samples[key].map((s) => s[field]));
// Ratio per round (the two ran back to back), then the median.
const ratio = (key, field) => median(samples[key].map((s, i) => s[field] / samples["better-sqlite3"][i][field]));
const lines = [
  "## SQLite driver",
  "",
  "`bench/sqlite-driver.mjs` installs each candidate SQLite driver with its Prisma 7 adapter into a folder of its own under .tmp/ (npm install from the registry, timed), then runs the same queries through each adapter's `queryRaw` / `executeRaw` (what Prisma's client calls) in child processes taken in turn. Run it with `node bench/sqlite-driver.mjs --write`.",
  "",
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}; load average ${loadBefore} before, ${loadAfter} after; ${ROUNDS} rounds, medians. CPU time (user + system) per query, after 2,000 untimed; a table of 1,000 rows in WAL mode.`,
  "",
  "| driver | npm install | compiled? | node_modules | read by id | page of 20 | insert |",
  "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
  ...candidates.map((c) => `| ${c.label} | ${installs[c.key].seconds.toFixed(1)} s | ${installs[c.key].compiled ? "yes (node-gyp)" : "no (prebuilt from the registry)"} | ${installs[c.key].size} MB | ${us(measure(c.key, "byId"))} | ${us(measure(c.key, "page"))} | ${us(measure(c.key, "insert"))} |`),
  `| libsql / better-sqlite3 | | | | ${ratio("libsql", "byId").toFixed(2)}x | ${ratio("libsql", "page").toFixed(2)}x | ${ratio("libsql", "insert").toFixed(2)}x |`,
  `| libsql, the generated project's client / better-sqlite3 | | | | ${ratio("libsql-prepared", "byId").toFixed(2)}x | ${ratio("libsql-prepared", "page").toFixed(2)}x | ${ratio("libsql-prepared", "insert").toFixed(2)}x |`,
  "",
  `A new SQLite project (\`create-backant sqlite-app --yes --no-install\`, then its \`npm install\` with only node, npm, npx, git and sh on PATH: no compiler, make or python) installed ${project.packages} packages in ${project.seconds.toFixed(1)} s, npm's cache warm from earlier installs on this machine (target: at most 60 s). test/e2e/create.test.ts installs a project from the packed tarball under the same PATH on every \`npm test\`.`,
  "",
  "The choice: **libsql**, for every generated SQLite project and for backant's own engine. Under the adapter's own client better-sqlite3 costs less CPU per query, but its binary comes from GitHub, and where that download fails (here, offline CI, proxies) it compiles with node-gyp: minutes, and only on a machine with python3, make and g++. libsql's binaries are npm packages, so a project installs in seconds with nothing but the registry. Most of libsql's extra cost under Prisma's adapter is @libsql/client's, not libsql's: it prepares every query again, asks for its columns twice and builds an object per row. The generated project gives the adapter a client of its own (src/startup/sqlite-client.ts, the second row): statements prepared once per connection, rows as arrays. With it libsql costs less CPU per query than better-sqlite3 under its adapter (the last row). The Express baseline of the throughput bench keeps the adapter's own client.",
  "",
  "To switch a project to better-sqlite3 where it installs (its prebuilt binary downloads, or a C toolchain is there): `npm uninstall @prisma/adapter-libsql && npm install @prisma/adapter-better-sqlite3@7.10.0 better-sqlite3@12`, then in src/startup/database.ts import `PrismaBetterSqlite3` from \"@prisma/adapter-better-sqlite3\" and return `new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) })`, and delete src/startup/sqlite-client.ts. Keep `libsql` installed: backant's own commands (sync, migrate) read the database through it.",
  "",
];
const section = `${lines.join("\n")}\n`;
process.stdout.write(section);
if (process.argv.includes("--write")) writeSection("SQLite driver", section);

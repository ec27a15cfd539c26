// Keyset (?after=) against offset (?page=) pagination of the generated API on a 1,000,000-row table,
// on SQLite and on PostgreSQL. Run after `npm run build` (it uses the installed test base projects,
// see test/support/generated-project.ts):
//   npx tsx bench/keyset.ts            BENCH_ROWS (default 1000000), BENCH_RUNS (default 15),
//                                      BENCH_DATABASES (default sqlite,postgresql)
// For each database it copies the default project (Users) under .tmp/, pushes its schema (SQLite: a
// file; PostgreSQL: a database bench_keyset_<pid> on the local server, dropped at the end), fills
// users with BENCH_ROWS rows (SQLite: through libsql in one transaction; PostgreSQL: one
// INSERT ... SELECT from generate_series, then ANALYZE), then, inside the project (tsx, its own
// app.ts, app.inject: the route, validation, service, repository and serialization, no network),
// times the median of BENCH_RUNS requests of 20 rows each (round robin over the cases): the first
// page, the last page by offset (?page=N) and the last page by cursor (?after= the `next` of the page
// before it).
import { execa } from "execa";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { copyProject } from "../test/support/generated-project.js";
import { dropPgDatabase, createPgDatabase, pgQuery, pgUrl } from "../test/support/postgres.js";
import { removeDir } from "../test/support/scratch.js";

type Database = "sqlite" | "postgresql";
const LABELS: Record<Database, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const DATABASES = (process.env.BENCH_DATABASES ?? "sqlite,postgresql").split(",") as Database[];
const PAGE_SIZE = 20;
for (const db of DATABASES) if (!LABELS[db]) throw new Error(`BENCH_DATABASES: unknown database ${db} (sqlite, postgresql)`);

// The SQLite seeding, in the driver; PostgreSQL's is done here, before the driver starts.
const sqliteSeed = `
import Database from "libsql";
const db = new Database("bench.db");
const insert = db.prepare("INSERT INTO users (email, name, created_at, updated_at) VALUES (?, ?, ?, ?)");
db.transaction(() => { for (let i = 1; i <= ${ROWS}; i++) insert.run("u" + i + "@example.com", "name " + i, Date.now(), Date.now()); })();
db.close();
`;

function driver(db: Database): string {
  return `${db === "sqlite" ? sqliteSeed : ""}
import { buildApp } from "./src/app.js";
import * as database from "./src/startup/database.js";
import { loadEnvironment } from "./src/startup/environment.js";

const env = loadEnvironment({ ...process.env });
const prisma = database.createPrismaClient(env.DATABASE_URL);
${db === "sqlite" ? "await database.tuneSqlite(prisma);" : ""}
const app = await buildApp({ env, prisma });
await app.ready();
const get = async (url) => {
  const response = await app.inject({ method: "GET", url });
  if (response.statusCode !== 200) throw new Error(url + ": " + response.body);
  return response.json();
};
const lastPage = Math.ceil(${ROWS} / ${PAGE_SIZE});
// The cursor of the page before the last, from the API itself.
const before = await get("/users?pageSize=${PAGE_SIZE}&page=" + (lastPage - 1));
const cursor = before.next;
const cases = {
  "first page": "/users?pageSize=${PAGE_SIZE}",
  "last page, ?page=" : "/users?pageSize=${PAGE_SIZE}&page=" + lastPage,
  "last page, ?after=": "/users?pageSize=${PAGE_SIZE}&after=" + cursor,
};
// Round robin over the cases, so that load from elsewhere on the machine falls on all of them alike.
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
const rows = {};
for (const url of Object.values(cases)) for (let i = 0; i < 3; i++) await get(url); // warm-up
for (let i = 0; i < ${RUNS}; i++) {
  for (const [name, url] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    rows[name] = (await get(url)).data.length;
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
const result = {};
for (const [name, list] of Object.entries(times)) {
  list.sort((a, b) => a - b);
  result[name] = { median: list[Math.floor(list.length / 2)], rows: rows[name] };
}
console.log(JSON.stringify(result));
await app.close();
await prisma.$disconnect();
`;
}

async function measure(db: Database): Promise<Record<string, { median: number; rows: number }>> {
  const dir = await copyProject(db, { prefix: "bench-keyset" });
  const pgDatabase = `bench_keyset_${process.pid}`;
  try {
    if (db === "postgresql") await createPgDatabase(pgDatabase);
    const url = db === "sqlite" ? "file:./bench.db" : pgUrl(pgDatabase);
    const env = { ...process.env, DATABASE_URL: url, NODE_ENV: "test", LOG_LEVEL: "silent" };
    await execa(process.execPath, ["node_modules/prisma/build/index.js", "db", "push"], { cwd: dir, env });
    if (db === "postgresql") {
      const start = Date.now();
      await pgQuery(
        pgDatabase,
        `INSERT INTO users (email, name, created_at, updated_at)
         SELECT 'u' || i || '@example.com', 'name ' || i, now(), now() FROM generate_series(1, $1::int) AS i`,
        [ROWS],
      );
      await pgQuery(pgDatabase, "ANALYZE users");
      process.stderr.write(`[keyset] PostgreSQL: ${ROWS} rows in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
    }
    writeFileSync(path.join(dir, "bench-driver.ts"), driver(db));
    const run = await execa(process.execPath, ["node_modules/tsx/dist/cli.mjs", "bench-driver.ts"], { cwd: dir, env });
    return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, { median: number; rows: number }>;
  } finally {
    if (db === "postgresql") await dropPgDatabase(pgDatabase);
    removeDir(dir);
  }
}

const results: Array<[Database, Record<string, { median: number; rows: number }>]> = [];
for (const db of DATABASES) results.push([db, await measure(db)]);
console.log(`| request (${PAGE_SIZE} rows, ${ROWS.toLocaleString("en")} rows in users) | median of ${RUNS} | vs first page |`);
console.log("| --- | --- | --- |");
for (const [db, result] of results) {
  const first = result["first page"]!.median;
  for (const [name, { median, rows }] of Object.entries(result)) {
    console.log(`| ${LABELS[db]}: ${name} (${rows} rows) | ${median.toFixed(2)} ms | ${(median / first).toFixed(2)}x |`);
  }
}

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "../support/processes.js";
import { copyProject } from "../support/generated-project.js";
import { removeDir } from "../support/scratch.js";
import { checkDeploymentFiles, checkOpenApiDocument, exerciseUsers, inProject, runDockerHealthcheck, startServer, stopServer } from "./project-checks.js";

// The generated default project on SQLite, installed (test/support/generated-project.ts) and run
// for real: type-check, its own tests, the compiled server over HTTP, SIGTERM.
describe("generated project on sqlite", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await copyProject("sqlite", { prefix: "bk-tpl-sqlite" });
  }, 30 * 60_000);

  afterAll(() => {
    if (dir) removeDir(dir);
  });

  it("type-checks", async () => {
    await inProject(dir, "npx", ["tsc", "--noEmit"]);
  }, 10 * 60_000);

  it("passes npm run lint (Biome) as created", async () => {
    await inProject(dir, "npm", ["run", "lint"]);
  }, 10 * 60_000);

  it("passes its own tests, on test.db, leaving dev.db alone", async () => {
    await inProject(dir, "npm", ["test"]);
    expect(existsSync(path.join(dir, "test.db"))).toBe(true);
    expect(existsSync(path.join(dir, "dev.db"))).toBe(false);
  }, 10 * 60_000);

  it("builds (openapi.json included), serves CRUD over HTTP from dist/, is healthy by the Dockerfile's check, and exits 0 on SIGTERM", async () => {
    rmSync(path.join(dir, "openapi.json"), { force: true });
    await inProject(dir, "npm", ["run", "build"]);
    expect(existsSync(path.join(dir, "dist/server.js"))).toBe(true);
    // written without a database: the build reached none
    expect(existsSync(path.join(dir, "dev.db"))).toBe(false);
    checkOpenApiDocument(JSON.parse(readFileSync(path.join(dir, "openapi.json"), "utf8")));
    // the development database, as `backant dev` would sync it
    await inProject(dir, process.execPath, ["node_modules/prisma/build/index.js", "db", "push"]);
    const server = await startServer(dir, [process.execPath, "dist/server.js"], { NODE_ENV: "production" });
    try {
      await exerciseUsers(server.url);
      expect(await runDockerHealthcheck(dir, Number(new URL(server.url).port))).toBe(0);
    } finally {
      await stopServer(server);
    }
    // production logs JSON lines and no per-request lines
    const lines = server.output().trim().split("\n");
    expect(lines.every((line) => line.startsWith("{"))).toBe(true);
    expect(server.output()).not.toContain("incoming request");
  }, 10 * 60_000);

  it("npm run client: a typed client (openapi-typescript, openapi-fetch) that type-checks and calls the served API", async () => {
    rmSync(path.join(dir, "client/schema.d.ts"), { force: true });
    await inProject(dir, "npm", ["run", "client"]);
    expect(readFileSync(path.join(dir, "client/schema.d.ts"), "utf8")).toContain('"/users/{id}"');
    // A small use of the client, with misuses the types must refuse: an unused @ts-expect-error is an
    // error too, so a client typed loosely (any) fails the type-check.
    mkdirSync(path.join(dir, "client-use"), { recursive: true });
    writeFileSync(path.join(dir, "client-use/tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: ["use.ts", "../client"] }));
    writeFileSync(
      path.join(dir, "client-use/use.ts"),
      `import { createApiClient } from "../client/index.js";

const api = createApiClient(process.argv[2] ?? "");
const created = await api.POST("/users", { body: { email: "client@example.com", name: "Client" } });
if (!created.data) throw new Error(\`create failed: \${JSON.stringify(created.error)}\`);
const id: number = created.data.id;
const fetched = await api.GET("/users/{id}", { params: { path: { id } } });
const listed = await api.GET("/users", { params: { query: { email: "client@example.com", total: true } } });
const missing = await api.GET("/users/{id}", { params: { path: { id: id + 1000 } } });
const invalid = await api.POST("/users", { body: { email: "client@example.com", name: "Twice" } });
console.log(JSON.stringify({ created: created.data, fetched: fetched.data, total: listed.data?.total, missing: missing.error?.code, invalid: invalid.error?.code }));

// Never called: each line must fail to type-check.
export function misuses(): void {
  // @ts-expect-error: no such path
  void api.GET("/no-such-path");
  // @ts-expect-error: name is required
  void api.POST("/users", { body: { email: "x@example.com" } });
  // @ts-expect-error: the id is a number
  void api.GET("/users/{id}", { params: { path: { id: "one" } } });
  // @ts-expect-error: a row has no such field
  void created.data?.password;
}
`,
    );
    await inProject(dir, "npx", ["tsc", "--noEmit", "-p", "client-use/tsconfig.json"]);

    await inProject(dir, process.execPath, ["node_modules/prisma/build/index.js", "db", "push"]);
    const server = await startServer(dir, [process.execPath, "dist/server.js"], { NODE_ENV: "production" });
    try {
      const run = await inProject(dir, process.execPath, ["node_modules/tsx/dist/cli.mjs", "client-use/use.ts", server.url]);
      const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
      expect(result).toMatchObject({ created: { email: "client@example.com", name: "Client" }, total: 1, missing: "NOT_FOUND", invalid: "UNIQUE_CONFLICT" });
      expect(result.fetched).toEqual(result.created);
    } finally {
      await stopServer(server);
    }
    const rows = await inProject(dir, process.execPath, ["-e", `const D=require("libsql");const db=new D("dev.db");console.log(JSON.stringify(db.prepare("select email, name from users where email = 'client@example.com'").all()))`]);
    expect(JSON.parse(rows.stdout)).toEqual([{ email: "client@example.com", name: "Client" }]);
  }, 10 * 60_000);

  // src/startup/sqlite-client.ts: Prisma's libsql adapter on a client of the project's own that keeps
  // statements prepared on one connection. Prisma's own client behaviour must hold on it: results
  // with other arguments of a cached statement, transactions committed and rolled back, Prisma's error
  // codes; and what @libsql/client got wrong: synchronous=NORMAL lost after a transaction (it handed
  // its connection to the transaction), a missing table read as a generic error instead of P2021.
  it("its SQLite client keeps Prisma's behaviour on one prepared connection", async () => {
    writeFileSync(
      path.join(dir, "client-check.mjs"),
      `import { createPrismaClient, tuneSqlite } from "./dist/startup/database.js";
const prisma = createPrismaClient("file:./dev.db");
await tuneSqlite(prisma);
await prisma.users.deleteMany({ where: { email: { endsWith: "@check.io" } } });
const big = { email: "a@check.io", name: "x".repeat(5000) };
const a = await prisma.users.create({ data: big });
await prisma.users.create({ data: { email: "b@check.io", name: "B" } });
await prisma.$transaction(async (tx) => { await tx.users.update({ where: { id: a.id }, data: { name: "A2" } }); });
await prisma.$transaction(async (tx) => { await tx.users.create({ data: { email: "r@check.io", name: "R" } }); throw new Error("undo"); }).catch(() => {});
const [{ synchronous }] = await prisma.$queryRawUnsafe("PRAGMA synchronous");
const names = [];
for (const email of ["a@check.io", "b@check.io", "none@check.io"]) names.push((await prisma.users.findFirst({ where: { email } }))?.name ?? null);
const dup = await prisma.users.create({ data: { email: "b@check.io", name: "again" } }).then(() => "created", (e) => e.code);
const empty = createPrismaClient("file:./empty-check.db");
const missing = await empty.users.findFirst().then(() => "found", (e) => e.code);
console.log(JSON.stringify({ synchronous: Number(synchronous), names, rolledBack: await prisma.users.count({ where: { email: "r@check.io" } }), dup, missing, created: a.name.length }));
`,
    );
    // dist/ and dev.db's tables come from the build-and-serve test above.
    const run = await inProject(dir, process.execPath, ["client-check.mjs"]);
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1)!)).toEqual({
      synchronous: 1,
      names: ["A2", "B", null],
      rolledBack: 0,
      dup: "P2002",
      missing: "P2021",
      created: 5000,
    });
    rmSync(path.join(dir, "client-check.mjs"));
    rmSync(path.join(dir, "empty-check.db"), { force: true });
  }, 10 * 60_000);

  it("seeds idempotently, from the factories (test/factories), the same rows every time", async () => {
    const rows = `const D=require("libsql");const db=new D("dev.db");console.log(JSON.stringify(db.prepare("select email, name from users where email like '%@example.com' order by id").all()))`;
    await inProject(dir, process.execPath, ["-e", `const D=require("libsql");new D("dev.db").prepare("delete from users").run()`]);
    const first = await inProject(dir, "npx", ["tsx", "prisma/seed.ts"]);
    expect(first.stdout).toContain("Users: 3 rows");
    const seeded = JSON.parse((await inProject(dir, process.execPath, ["-e", rows])).stdout) as Array<{ email: string; name: string }>;
    expect(seeded).toHaveLength(3);
    expect(new Set(seeded.map((row) => row.email)).size).toBe(3);
    // a table with rows is left alone
    const second = await inProject(dir, "npx", ["tsx", "prisma/seed.ts"]);
    expect(second.stdout).toContain("Users: has rows, left alone");
    expect(JSON.parse((await inProject(dir, process.execPath, ["-e", rows])).stdout)).toEqual(seeded);
  }, 10 * 60_000);

  it("a bad variable stops the server and the seed with one message naming it, exit 1, no stack trace", async () => {
    for (const entry of ["src/server.ts", "prisma/seed.ts"]) {
      const run = await execa(process.execPath, ["node_modules/tsx/dist/cli.mjs", entry], { cwd: dir, env: cleanEnv({ LOG_LEVEL: "loud", PORT: "eighty" }), reject: false, all: true });
      expect(run.exitCode, run.all).toBe(1);
      expect(run.all).toMatch(/Invalid environment[\s\S]*PORT[\s\S]*LOG_LEVEL|Invalid environment[\s\S]*LOG_LEVEL[\s\S]*PORT/);
      expect(run.all).not.toMatch(/^\s+at /m);
    }
  }, 10 * 60_000);

  it("has the deployment files it promises", () => {
    checkDeploymentFiles(dir, "sqlite");
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).backant).toEqual({ provider: "sqlite" });
  });

  it("backant seed without prisma/seed.ts: exit 2, one message naming the file, no stack trace", async () => {
    rmSync(path.join(dir, "prisma/seed.ts"));
    const run = await execa(process.execPath, ["node_modules/.bin/backant", "seed"], { cwd: dir, env: cleanEnv({ NO_COLOR: "1" }), reject: false, all: true });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.all).toMatch(/^error .*prisma\/seed\.ts.*does not exist/m);
    expect(run.all).not.toMatch(/^\s+at /m);
  }, 10 * 60_000);
});

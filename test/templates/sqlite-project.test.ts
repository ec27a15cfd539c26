import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "../support/processes.js";
import { copyProject } from "../support/generated-project.js";
import { removeDir } from "../support/scratch.js";
import { checkDeploymentFiles, exerciseUsers, inProject, startServer, stopServer } from "./project-checks.js";

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

  it("passes its own tests, on test.db, leaving dev.db alone", async () => {
    await inProject(dir, "npm", ["test"]);
    expect(existsSync(path.join(dir, "test.db"))).toBe(true);
    expect(existsSync(path.join(dir, "dev.db"))).toBe(false);
  }, 10 * 60_000);

  it("builds, serves CRUD over HTTP from dist/, and exits 0 on SIGTERM", async () => {
    await inProject(dir, "npm", ["run", "build"]);
    expect(existsSync(path.join(dir, "dist/server.js"))).toBe(true);
    // the development database, as `backant dev` would sync it
    await inProject(dir, process.execPath, ["node_modules/prisma/build/index.js", "db", "push"]);
    const server = await startServer(dir, [process.execPath, "dist/server.js"], { NODE_ENV: "production" });
    try {
      await exerciseUsers(server.url);
    } finally {
      await stopServer(server);
    }
    // production logs JSON lines and no per-request lines
    const lines = server.output().trim().split("\n");
    expect(lines.every((line) => line.startsWith("{"))).toBe(true);
    expect(server.output()).not.toContain("incoming request");
  }, 10 * 60_000);

  it("seeds idempotently", async () => {
    await inProject(dir, "npx", ["tsx", "prisma/seed.ts"]);
    await inProject(dir, "npx", ["tsx", "prisma/seed.ts"]);
    const count = await inProject(dir, process.execPath, ["-e", `const D=require("better-sqlite3");const db=new D("dev.db");console.log(db.prepare("select count(*) n from users where email like 'user%@example.com'").get().n)`]);
    expect(count.stdout.trim()).toBe("2");
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

// Faults a user meets in real life: a server that is down, a database name with a typo. Prisma
// answers these with P1001 / P1003 and one readable paragraph; the engine must not turn them into
// stack traces or "External error" ids. (A migration failing half-way, P3009 and its recovery with
// `migrate resolve` are in migrate-deploy-status.test.ts and migrate-diff-resolve.test.ts.)
import { describe, expect, it } from "vitest";
import { USER } from "../support/prisma-models.js";
import { pgDatabaseNames } from "../support/postgres.js";
import { stackLines, useProjects, type ConformanceProject } from "./harness.js";

/** Points the project at a database that does not exist yet, with one migration to apply. */
function misnamedDatabase(p: ConformanceProject): { url: string; name: string } {
  const url = p.missingDatabaseUrl();
  p.writeConfig({ url });
  p.writeMigration("20240101000000_init", `CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL);\n`);
  return { url, name: new URL(url).pathname.slice(1) };
}

const UNREACHABLE = "postgresql://postgres@127.0.0.1:1/bk_conf_unreachable";

describe("faults on postgresql", () => {
  const projects = useProjects();

  it.each([
    ["db push", ["db", "push"]],
    ["migrate deploy", ["migrate", "deploy"]],
    ["migrate status", ["migrate", "status"]],
    ["migrate dev", ["migrate", "dev", "--name", "init"]],
  ])("an unreachable server: %s fails with P1001 and no stack trace", async (_name, args) => {
    const p = await projects.create("postgresql", USER);
    p.writeConfig({ url: UNREACHABLE });
    p.writeMigration("20240101000000_init", `CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL);\n`);
    const run = await p.prisma(args);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/P1001/);
    expect(run.output).toContain("Can't reach database server at `127.0.0.1`:`1`");
    expect(run.output).toContain("Please make sure your database server is running");
    expect(run.output).not.toMatch(/External error|is_panic|RuntimeError|wasm/);
    expect(stackLines(run.output)).toEqual([]);
  });

  it("a misnamed database: migrate status fails with P1003 naming it, and creates nothing", async () => {
    const p = await projects.create("postgresql", USER);
    const { url, name } = misnamedDatabase(p);
    const run = await p.prisma(["migrate", "status"]);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/P1003/);
    expect(run.output).toContain(`Database \`${name}\` does not exist`);
    expect(stackLines(run.output)).toEqual([]);
    expect(await pgDatabaseNames([name])).toEqual([]);
  });

  it("a misnamed database: migrate deploy creates it (as Prisma does) and applies the migrations", async () => {
    const p = await projects.create("postgresql", USER);
    const { url, name } = misnamedDatabase(p);
    const run = await p.prismaOk(["migrate", "deploy"]);
    expect(run.output).toContain(`PostgreSQL database ${name} created`);
    expect(await p.catalog(url).tables()).toEqual(["User", "_prisma_migrations"]);
  });

  it("a misnamed database: migrate dev without a terminal creates it and migrates", async () => {
    const p = await projects.create("postgresql", USER);
    const url = p.missingDatabaseUrl();
    const name = new URL(url).pathname.slice(1);
    p.writeConfig({ url });
    const run = await p.prisma(["migrate", "dev", "--name", "init"]);
    expect(run.output).toContain(`PostgreSQL database ${name} created`);
    expect(run.exitCode).toBe(0);
    expect(await p.catalog(url).tables()).toEqual(["User", "_prisma_migrations"]);
  });

  it("wrong credentials fail with a readable error and no stack trace", async () => {
    const p = await projects.create("postgresql", USER);
    p.writeConfig({ url: "postgresql://no_such_role@127.0.0.1:5432/postgres" });
    const run = await p.prisma(["migrate", "status"]);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/no_such_role/);
    expect(run.output).not.toMatch(/External error|is_panic/);
    expect(stackLines(run.output)).toEqual([]);
  });
});

import { symlinkSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { ensureBaseProject } from "../support/generated-project.js";
import { cleanEnv } from "../support/processes.js";
import { useScratchDirs } from "../support/scratch.js";
import { runCreate } from "./run.js";

const scratch = useScratchDirs("h2-specproj");

/**
 * A project made from a spec with models, relations, routes, extra methods and subroutes
 * type-checks and passes its own tests (models' CRUD tests and one test per mock endpoint). The
 * installed node_modules come from the shared base project (test/support/generated-project.ts).
 */
describe("a project created from a spec", () => {
  it("type-checks and passes its own tests (sqlite)", { timeout: 1_200_000 }, async () => {
    const spec = {
      models: {
        Customers: { fields: "email:string(120):unique name:string vip:boolean:default(false)" },
        Orders: { fields: { status: "enum(pending,paid):default(pending)", items: "int", customer: "belongsTo(Customers)" } },
      },
      routes: {
        reports: { methods: ["GET", "POST"], mock: { total: 3, names: ["a", "b"] }, subroutes: { daily: { method: "GET", mock: [{ day: "mon", count: 2 }] }, rebuild: { method: "DELETE" } } },
        status: { method: "GET" },
      },
    };
    const parent = scratch({});
    const created = await runCreate(["spec-api", "--yes", "--no-install", "--spec", JSON.stringify(spec)], parent);
    expect(created.exitCode, created.stderr).toBe(0);
    const dir = path.join(parent, "spec-api");
    const base = await ensureBaseProject("sqlite");
    symlinkSync(path.join(base, "node_modules"), path.join(dir, "node_modules"), "dir");

    const env = cleanEnv({ NO_COLOR: "1", CI: "1" });
    delete env.VITEST;
    delete env.VITEST_POOL_ID;
    delete env.VITEST_WORKER_ID;
    delete env.NODE_ENV;
    const run = (args: string[]) => execa("npm", args, { cwd: dir, env, reject: false, all: true, stdin: "ignore" });
    const generate = await execa(process.execPath, [path.join(dir, "node_modules/prisma/build/index.js"), "generate"], { cwd: dir, env, reject: false, all: true });
    expect(generate.exitCode, generate.all).toBe(0);
    const typecheck = await run(["run", "typecheck"]);
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const tests = await run(["test"]);
    expect(tests.exitCode, tests.all).toBe(0);
    for (const file of ["customers.test.ts", "orders.test.ts", "reports.test.ts", "reports.post.test.ts", "reports.daily.get.test.ts", "reports.rebuild.delete.test.ts", "status.test.ts"]) {
      expect(tests.all).toContain(file);
    }
  });
});

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/project.js";
import { expectRefusedInProject as expectRefused, snapshotProject as snapshotTree } from "./tree.js";
import { DEFAULT_MODELS } from "../../src/scaffold/project-files.js";
import { copyProject } from "../support/generated-project.js";
import { removeDir } from "../support/scratch.js";

/**
 * Inside a generated project: --dry-run and refusals write nothing (every file's bytes compared
 * before and after), --force replaces a resource without wiring it twice.
 */
describe("generators in a generated project: dry run, refusals, --force", () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    // Rendered afresh with today's templates (see generated-project.test.ts).
    dir = await copyProject("sqlite", { prefix: "bk-add-refusals", models: [...DEFAULT_MODELS] });
  }, 30 * 60_000);

  afterAll(() => {
    if (dir) removeDir(dir);
  });

  /** Runs `fn` with `name` changed by `edit`, then puts the file back. */
  async function withEdited(name: string, edit: (text: string) => string, fn: () => Promise<void>): Promise<void> {
    const original = readFileSync(file(name), "utf8");
    writeFileSync(file(name), edit(original));
    try {
      await fn();
    } finally {
      writeFileSync(file(name), original);
    }
  }

  it("add-model --dry-run lists the model, its five resource files, the wiring and the schema, and writes nothing", async () => {
    const before = snapshotTree(dir);
    const run = await runCli(["add-model", "Orders", "--fields", "customer:belongsTo(Users) code:string:unique", "--dry-run", "--report"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, command: "add-model", model: "Orders", route: "/orders", dryRun: true });
    expect(report.writes.map((write: { path: string; action: string }) => `${write.action} ${path.relative(dir, write.path)}`)).toEqual([
      "create src/models/Orders.model.ts",
      "create src/routes/orders.route.ts",
      "create src/services/orders.service.ts",
      "create src/repositories/orders.repository.ts",
      "create test/orders.test.ts",
      "create test/factories/Orders.factory.ts",
      // Users gains ?include=orders, and its deletes name the orders that refuse them
      "overwrite src/services/users.service.ts",
      "overwrite src/repositories/users.repository.ts",
      "overwrite test/users.test.ts",
      "overwrite src/routes/index.ts",
      "overwrite prisma/schema.prisma",
    ]);
    expect(snapshotTree(dir)).toEqual(before);
  });

  const markerCases = [
    { marker: "// backant:routes", line: "  // backant:routes\n" },
    { marker: "// backant:route-imports", line: "// backant:route-imports\n" },
  ];
  it.each(markerCases)("add-model refuses when $marker is gone from src/routes/index.ts", async ({ marker, line }) => {
    await withEdited("src/routes/index.ts", (text) => text.replace(line, ""), async () => {
      const escaped = marker.replaceAll("/", "\\/");
      await expectRefused(["add-model", "Orders", "--fields", "title:string"], dir, new RegExp(`"${escaped}" is missing from src/routes/index\\.ts[\\s\\S]*Put the line \`${escaped}\` back`));
      await expectRefused(["add-route", "reports"], dir, new RegExp(`"${escaped}" is missing from src/routes/index\\.ts`));
    });
    expect(existsSync(file("src/models/Orders.model.ts"))).toBe(false);
  });

  it("add-subroute refuses when a model route's markers are gone", async () => {
    await withEdited("src/routes/users.route.ts", (text) => text.replace("// backant:subroutes", "// (marker removed)"), async () => {
      await expectRefused(["add-subroute", "users", "profile"], dir, /"\/\/ backant:subroutes" is missing from src\/routes\/users\.route\.ts/);
    });
    await withEdited("src/services/users.service.ts", (text) => text.replace("// backant:service-methods", ""), async () => {
      await expectRefused(["add-subroute", "users", "profile"], dir, /"\/\/ backant:service-methods" is missing from src\/services\/users\.service\.ts/);
    });
  });

  const cases: Array<{ name: string; args: string[]; message: RegExp }> = [
    { name: "an existing model", args: ["add-model", "Users"], message: /Model Users already exists/ },
    { name: "a model name with a path", args: ["add-model", "../Orders"], message: /a model name is not a path/ },
    { name: "a reserved model name", args: ["add-model", "PrismaClient"], message: /Prisma reserves it/ },
    { name: "an unknown relation target", args: ["add-model", "Orders", "--fields", "buyer:belongsTo(Buyers)"], message: /relates to model Buyers, which does not exist/ },
    { name: "a list on sqlite", args: ["add-model", "Orders", "--fields", "tags:string[]"], message: /would make the schema invalid/ },
    { name: "a model mounted where the app serves its docs", args: ["add-model", "Docs"], message: /model name "Docs" in a generated project: the generated project already uses "docs" \(\/docs\)/ },
    { name: "a route that a model already has", args: ["add-route", "users"], message: /Route users already exists \(src\/routes\/users\.route\.ts/ },
    { name: "an unknown route", args: ["add-subroute", "user", "profile"], message: /Route user does not exist .*Did you mean "users"\?/ },
    { name: "invalid JSON mock on a model route", args: ["add-subroute", "users", "x", "--mock", "{"], message: /--mock is neither valid JSON/ },
  ];
  it.each(cases)("refuses $name", async ({ args, message }) => {
    await expectRefused(args, dir, message);
  });

  it("refuses to replace resource files of a new model without --force", async () => {
    writeFileSync(file("test/orders.test.ts"), "// hand-written\n");
    try {
      await expectRefused(["add-model", "Orders", "--fields", "title:string"], dir, /Adding model Orders would replace test\/orders\.test\.ts; nothing was written[\s\S]*--force/);
    } finally {
      removeDir(file("test/orders.test.ts"));
    }
  });

  it("leaves an edited file of another model alone when a new model changes that model's columns, and says so", async () => {
    writeFileSync(file("src/services/users.service.ts"), readFileSync(file("src/services/users.service.ts"), "utf8") + "// edited\n");
    const run = await runCli(["add-model", "Teams", "--fields", "name:string members:hasMany(Users)"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^updated src\/repositories\/users\.repository\.ts$/m);
    expect(run.stdout).toContain("not updated src/services/users.service.ts: edited by hand, and model Teams changes the columns or relations of Users");
    expect(readFileSync(file("src/services/users.service.ts"), "utf8")).toMatch(/\/\/ edited\n$/);
    expect(readFileSync(file("src/repositories/users.repository.ts"), "utf8")).toContain('name: "teamsId"');
  });

  it("--force replaces a model and its resource files, and does not wire the route twice", async () => {
    const index = readFileSync(file("src/routes/index.ts"), "utf8");
    const run = await runCli(["add-model", "Users", "--force", "--fields", "email:string:unique name:string nickname:string?"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("updated src/models/Users.model.ts");
    expect(run.stdout).toContain("unchanged src/routes/index.ts");
    expect(readFileSync(file("src/routes/index.ts"), "utf8")).toBe(index);
    expect(readFileSync(file("src/models/Users.model.ts"), "utf8")).toContain("nickname: t.string().optional(),");
  });
});

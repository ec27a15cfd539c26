import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { loadModelSet } from "../../src/schema/load-models.js";
import { enginePath, repoRoot } from "../support/paths.js";
import { useScratchDirs } from "../support/scratch.js";
import { expectRefused, runCli, snapshotTree, sqlitePackageJson, usersModel } from "./project.js";

const scratchProject = useScratchDirs("cli");
function project(files: Record<string, string> = {}): string {
  return scratchProject({ "package.json": sqlitePackageJson, "src/models/Users.model.ts": usersModel, ...files });
}

const orderFields = "title:string total:decimal(10,2) status:enum(pending,paid):default(pending) note:text? customer:belongsTo(Users) email:string(120):unique views:int:index";

describe("backant add-model", () => {
  it("writes a model file that loads, and a schema that Prisma's own CLI validates", async () => {
    const dir = project();
    const run = await runCli(["add-model", "Orders", "--fields", orderFields], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("created src/models/Orders.model.ts");
    expect(run.stdout).toContain("created prisma/schema.prisma");

    const source = readFileSync(path.join(dir, "src/models/Orders.model.ts"), "utf8");
    expect(source).toBe(`import { model, t } from "backant/model";

export default model("Orders", {
  id: t.id(),
  title: t.string(),
  total: t.decimal(10, 2),
  status: t.enum("OrdersStatus", ["pending", "paid"]).default("pending"),
  note: t.text().optional(),
  customer: t.belongsTo("Users"),
  email: t.string(120).unique(),
  views: t.int().index(),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
`);
    const set = await loadModelSet(dir);
    expect(set.models.map((m) => m.name).sort()).toEqual(["Orders", "Users"]);

    const schema = readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8");
    expect(schema).toMatch(/^model Orders \{/m);
    expect(schema).toMatch(/^enum OrdersStatus \{/m);
    // The schema on disk is exactly what `backant schema` makes from the files on disk.
    expect((await runCli(["schema", "--check"], dir)).exitCode).toBe(0);

    const prisma = await execa("npx", ["prisma", "validate", "--schema", "prisma/schema.prisma"], {
      cwd: dir,
      reject: false,
      env: { PRISMA_SCHEMA_ENGINE_BINARY: enginePath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
    expect(prisma.exitCode, prisma.stderr + prisma.stdout).toBe(0);
    expect(prisma.stdout + prisma.stderr).toMatch(/is valid/);
  });

  it("accepts a relation to the model being added, and a model folder that does not exist yet", async () => {
    const dir = scratchProject({ "package.json": sqlitePackageJson });
    const run = await runCli(["add-model", "Categories", "--fields", "name:string(80):unique parent:belongsTo(Categories)? children:hasMany(Categories)"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toMatch(/^model Categories \{/m);
  });

  it("gives belongsTo the key type of a target with a string id", async () => {
    const dir = project({
      "src/models/Accounts.model.ts": 'import { model, t } from "backant/model";\n\nexport default model("Accounts", {\n  id: t.id("uuid"),\n});\n',
    });
    const run = await runCli(["add-model", "Sessions", "--fields", "account:belongsTo(Accounts) owner:belongsTo(Users)?", "--cwd", dir], repoRoot);
    expect(run.exitCode, run.stderr).toBe(0);
    const source = readFileSync(path.join(dir, "src/models/Sessions.model.ts"), "utf8");
    expect(source).toContain('  account: t.belongsTo("Accounts", { keyType: "string" }),\n  owner: t.belongsTo("Users", { optional: true }),\n');
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toMatch(/accountId\s+String\s+@map\("account_id"\)/);
  });

  it("honours modelsDir and schemaPath from package.json, and writes what `backant schema` would", async () => {
    const dir = scratchProject({
      "package.json": JSON.stringify({ backant: { provider: "postgresql", modelsDir: "./app/models", schemaPath: "db/schema.prisma" } }),
      "app/models/Users.model.ts": usersModel,
    });
    const run = await runCli(["add-model", "Tags", "--fields", "label:string(40):unique users:manyToMany(Users) aliases:string[]"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(path.join(dir, "app/models/Tags.model.ts"))).toBe(true);
    expect(readFileSync(path.join(dir, "db/schema.prisma"), "utf8")).toMatch(/aliases\s+String\[\]/);
    expect((await runCli(["schema", "--check"], dir)).exitCode).toBe(0);
  });

  it("--dry-run prints the plan and writes nothing", async () => {
    const dir = project();
    const before = snapshotTree(dir);
    const run = await runCli(["add-model", "Orders", "--fields", "title:string", "--dry-run"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("Dry run: nothing written");
    expect(run.stdout).toMatch(/create\s+src\/models\/Orders\.model\.ts/);
    expect(run.stdout).toMatch(/create\s+prisma\/schema\.prisma/);
    expect(run.stdout).toContain("title: t.string(),");
    expect(snapshotTree(dir)).toEqual(before);

    const report = JSON.parse((await runCli(["add-model", "Orders", "--dry-run", "--report"], dir)).stdout);
    expect(report).toMatchObject({ ok: true, command: "add-model", model: "Orders", dryRun: true, exitCode: 0 });
    expect(report.writes.map((write: { action: string }) => write.action)).toEqual(["create", "create"]);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--force replaces an existing model", async () => {
    const dir = project();
    const run = await runCli(["add-model", "Users", "--fields", "login:string(40):unique", "--force"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("updated src/models/Users.model.ts");
    expect(readFileSync(path.join(dir, "src/models/Users.model.ts"), "utf8")).toContain("login: t.string(40).unique(),");
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toMatch(/login\s+String\s+@unique/);
  });
});

describe("backant add-model: bad input (exit 2, message, tree byte-identical)", () => {
  const enumClash = `import { model, t } from "backant/model";\n\nexport default model("OrdersStatus", {\n  id: t.id(),\n});\n`;
  const cases: Array<{ name: string; args: string[]; files?: Record<string, string>; message: RegExp; brokenProject?: true }> = [
    { name: "an existing model", args: ["add-model", "Users"], message: /Model Users already exists \(src\/models\/Users\.model\.ts\)/ },
    { name: "a model differing only in case", args: ["add-model", "USERS"], message: /differs from the existing model Users only in letter case/ },
    { name: "a path as name", args: ["add-model", "../Evil"], message: /a model name is not a path/ },
    { name: "a nested path as name", args: ["add-model", "models/Evil"], message: /a model name is not a path/ },
    { name: "an empty name", args: ["add-model", ""], message: /The model name is empty/ },
    { name: "a lower-case name", args: ["add-model", "orders"], message: /not PascalCase\. Did you mean "Orders"\?/ },
    { name: "a snake_case name", args: ["add-model", "order_lines"], message: /Did you mean "OrderLines"\?/ },
    { name: "a non-identifier", args: ["add-model", "Order Lines"], message: /not an identifier\. Did you mean "OrderLines"\?/ },
    { name: "a name starting with a digit", args: ["add-model", "2Orders"], message: /not an identifier/ },
    { name: "a Prisma reserved name", args: ["add-model", "PrismaClient"], message: /Prisma reserves it/ },
    { name: "a scalar type name", args: ["add-model", "DateTime"], message: /Prisma reserves it/ },
    { name: "an unknown type", args: ["add-model", "Orders", "--fields", "title:strng"], message: /Unknown type "strng" in field spec "title:strng"\. Did you mean "string"\?/ },
    { name: "a malformed spec", args: ["add-model", "Orders", "--fields", "total:decimal(10,"], message: /Malformed field spec "total:decimal\(10,": missing "\)"/ },
    { name: "a spec without a type", args: ["add-model", "Orders", "--fields", "title"], message: /missing the type/ },
    { name: "a duplicate field", args: ["add-model", "Orders", "--fields", "title:string title:text"], message: /Duplicate field "title"/ },
    { name: "a field named like an automatic one", args: ["add-model", "Orders", "--fields", "createdAt:datetime"], message: /"createdAt" is added to every model/ },
    { name: "a missing relation target", args: ["add-model", "Orders", "--fields", "customer:belongsTo(Customers)"], message: /relates to model Customers, which does not exist/ },
    { name: "an unknown flag", args: ["add-model", "Orders", "--colour"], message: /Unknown argument: colour/ },
    { name: "a missing NAME", args: ["add-model"], message: /Not enough non-option arguments/ },
    { name: "a list on sqlite (the schema would be invalid)", args: ["add-model", "Orders", "--fields", "tags:string[]"], message: /would make the schema invalid, so nothing was written.*tags/s },
    {
      name: "an existing model file that does not load",
      args: ["add-model", "Orders", "--fields", "title:string"],
      files: { "src/models/Broken.model.ts": 'import { model } from "backant/model";\nexport default model("Broken", {\n' },
      message: /Cannot add model Orders: an existing model file does not load or check, so nothing was written: src\/models\/Broken\.model\.ts/,
      brokenProject: true,
    },
    {
      name: "an enum that clashes with a model (Prisma refuses the schema)",
      args: ["add-model", "Orders", "--fields", "status:enum(a,b)"],
      files: { "src/models/OrdersStatus.model.ts": enumClash },
      message: /would make the schema invalid, so nothing was written/,
    },
  ];

  it.each(cases)("refuses $name", async ({ args, files, message, brokenProject }) => {
    const dir = project(files);
    // Start from a generated schema, so that "nothing written" covers the schema file too.
    expect((await runCli(["schema"], dir)).exitCode).toBe(brokenProject ? 2 : 0);
    await expectRefused(args, dir, message);
    expect(existsSync(path.join(dir, "src/models/Orders.model.ts"))).toBe(false);
  });
});

describe("scaffold commands outside a backant project (exit 2, nothing written)", () => {
  const commands = [
    ["add-model", "Orders", "--fields", "title:string"],
    ["add-route", "reports"],
    ["add-subroute", "users", "profile"],
    ["schema"],
  ];
  it.each([
    ["no package.json", {}, /it has no package\.json/],
    ['a package.json without a "backant" key', { "package.json": '{"name": "not-backant"}\n' }, /its package\.json has no "backant" key/],
  ])("refuses a folder with %s", async (_what, files: Record<string, string>, message) => {
    const dir = scratchProject({ "src/routes/index.ts": "// backant:route-imports\n// backant:routes\n", ...files });
    for (const args of commands) await expectRefused(args, dir, message);
    expect(existsSync(path.join(dir, "src/models"))).toBe(false);
    expect(existsSync(path.join(dir, "prisma"))).toBe(false);
  });
});

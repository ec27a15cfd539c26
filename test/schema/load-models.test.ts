import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { loaderCounts, loadModelSet } from "../../src/schema/load-models.js";
import { readProjectConfig } from "../../src/project/config.js";
import { repoRoot } from "../support/paths.js";
import { renderPrismaSchema } from "../../src/schema/render-prisma.js";
import { useScratchDirs } from "../support/scratch.js";

/** A throwaway project under .tmp (git-ignored) with the given files. */
const project = useScratchDirs("models");

const usersFile = `import { model, t } from "backant/model";\nexport default model("Users", { id: t.id(), name: t.string(100) });\n`;

async function loadError(dir: string): Promise<InputError> {
  const error = await loadModelSet(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("loadModelSet", () => {
  test("loads every *.model.ts, sorted, as JSON-serializable plain data", async () => {
    const dir = project({
      "src/models/Users.model.ts": usersFile,
      "src/models/Orders.model.ts": `import { model, t } from "backant/model";\nexport default model("Orders", { id: t.id(), customer: t.belongsTo("Users") });\n`,
      "src/models/notes.txt": "not a model",
      "src/models/helpers.ts": "export const x = 1;",
    });
    const set = await loadModelSet(dir);
    expect(set.models.map((m) => [m.name, m.file])).toEqual([
      ["Orders", "src/models/Orders.model.ts"],
      ["Users", "src/models/Users.model.ts"],
    ]);
    expect(JSON.parse(JSON.stringify(set))).toEqual(set);
    expect(renderPrismaSchema(set, { provider: "sqlite" })).toContain("customerId Int");
  });

  test("honours a custom models directory, and an empty or missing one gives no models", async () => {
    const dir = project({ "app/models/Users.model.ts": usersFile });
    expect((await loadModelSet(dir, { modelsDir: "app/models" })).models).toHaveLength(1);
    expect(await loadModelSet(dir)).toEqual({ models: [], enums: [], naming: "snake_case", foreignKeyIndexes: true });
  });

  test("sees edits on a second load in the same process", async () => {
    const dir = project({ "src/models/Users.model.ts": usersFile });
    await loadModelSet(dir);
    writeFileSync(path.join(dir, "src/models/Users.model.ts"), usersFile.replace("t.string(100)", "t.text()"));
    const set = await loadModelSet(dir);
    expect(set.models[0]!.fields[1]).toMatchObject({ name: "name", type: "text" });
  });

  test("a syntax error names the file and gives the compiler's message", async () => {
    const dir = project({ "src/models/Users.model.ts": usersFile, "src/models/Broken.model.ts": `import { model, t } from "backant/model";\nexport default model("Broken", { id: t.id( });\n` });
    const error = await loadError(dir);
    expect(error.message).toMatch(/^src\/models\/Broken\.model\.ts: the model file failed to load: .+/);
    expect(error.details).toEqual({ file: "src/models/Broken.model.ts" });
  });

  test("a file that throws names the file and keeps the message", async () => {
    const dir = project({ "src/models/Users.model.ts": `import { model, t } from "backant/model";\nexport default model("Users", { id: t.id(), n: t.string(-3) });\n` });
    const error = await loadError(dir);
    expect(error.message).toMatch(/src\/models\/Users\.model\.ts: the model file failed to load: t\.string\(length\) must be a positive integer, got -3/);
  });

  test("a field that is not a builder names the file and the field", async () => {
    const dir = project({ "src/models/Users.model.ts": `import { model, t } from "backant/model";\nexport default model("Users", { id: t.id(), name: "string" } as never);\n` });
    expect((await loadError(dir)).message).toMatch(/src\/models\/Users\.model\.ts: .*field "name" is not a t\.\* builder/);
  });

  test("a file without a model default export is refused", async () => {
    const named = project({ "src/models/Users.model.ts": usersFile.replace("export default", "export const Users =") });
    expect((await loadError(named)).message).toMatch(/src\/models\/Users\.model\.ts: the model file must default-export a model: export default model\("Users"/);
    const other = project({ "src/models/Users.model.ts": `export default { name: "Users" };\n` });
    expect((await loadError(other)).code).toBe("NOT_A_MODEL");
  });

  test("an import of a missing module names the file", async () => {
    const dir = project({ "src/models/Users.model.ts": `import { money } from "./shared-types";\nexport default money;\n` });
    expect((await loadError(dir)).message).toMatch(/src\/models\/Users\.model\.ts: the model file failed to load: .*shared-types/);
  });

  test("model files may import each other's shared helpers", async () => {
    const dir = project({
      "src/models/columns.ts": `import { t } from "backant/model";\nexport const money = t.decimal(10, 2).default(0);\n`,
      "src/models/Orders.model.ts": `import { model, t } from "backant/model";\nimport { money } from "./columns";\nexport default model("Orders", { id: t.id(), total: money, tax: money.optional() });\n`,
    });
    const [orders] = (await loadModelSet(dir)).models;
    expect(orders!.fields.map((f) => [f.name, f.kind === "scalar" && f.type, f.optional])).toEqual([
      ["id", "int", false],
      ["total", "decimal", false],
      ["tax", "decimal", true],
    ]);
  });

  test("model files importing a shared module (enums.ts, helpers) load without the TypeScript loader", async () => {
    // As in a project: backant installed (this repository's build), model files are plain JavaScript.
    const dir = project({
      "src/models/enums.ts": `import { enumType } from "backant/model";\nexport const Status = enumType("Status", ["open", "done"], { map: "status_kind" });\nexport const Unused = enumType("Unused", ["a"]);\n`,
      "src/models/columns.ts": `import { t } from "backant/model";\nexport const money = t.decimal(10, 2).default(0);\n`,
      "src/models/Orders.model.ts": `import { model, t } from "backant/model";\nimport { Status } from "./enums.js";\nimport { money } from "./columns";\nexport default model("Orders", { id: t.id(), status: t.enum(Status), total: money });\n`,
      "src/models/Invoices.model.ts": `import { model, t } from "backant/model";\nimport { Status } from "./enums.js";\nexport default model("Invoices", { id: t.id(), status: t.enum(Status).default("open") });\n`,
    });
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(repoRoot, path.join(dir, "node_modules", "backant"), "dir");
    const before = { ...loaderCounts };
    const set = await loadModelSet(dir);
    expect({ direct: loaderCounts.direct - before.direct, jiti: loaderCounts.jiti - before.jiti }).toEqual({ direct: 3, jiti: 0 });
    expect(set.models.map((m) => m.name)).toEqual(["Invoices", "Orders"]);
    expect(set.enums).toEqual([
      { name: "Status", values: ["open", "done"], file: "src/models/Invoices.model.ts", options: { map: "status_kind", valueMaps: {}, schema: null, doc: null } },
      { name: "Unused", values: ["a"], file: "src/models/enums.ts", options: null },
    ]);
  });

  test("prefers the backant/model installed in the project", async () => {
    // A project-local backant whose DSL marks its models, to see which copy the loader picked.
    const dir = project({
      "node_modules/backant/package.json": JSON.stringify({ name: "backant", type: "module", exports: { "./model": "./model.js" } }),
      "node_modules/backant/model.js": `export const model = (name) => ({ kind: "backant.model", version: 1, name, fields: [{ name: "id", kind: "scalar", type: "int", list: false, id: "int", length: null, precision: null, scale: null, enumName: null, enumValues: null, default: { kind: "autoincrement" }, updatedAt: false, optional: false, unique: false, index: false, column: null, attributes: [] }], table: "from_project", id: null, unique: [], indexes: [], attributes: [] });\n`,
      "src/models/Users.model.ts": `import { model } from "backant/model";\nexport default model("Users");\n`,
    });
    expect((await loadModelSet(dir)).models[0]!.table).toBe("from_project");
  });
});

describe("readProjectConfig", () => {
  test("defaults without package.json or without a backant key", () => {
    const defaults = {
      provider: "sqlite",
      naming: "snake_case",
      foreignKeyIndexes: true,
      datasource: { relationMode: null, schemas: [] },
      generator: {},
      modelsDir: "src/models",
      schemaPath: "prisma/schema.prisma",
    };
    expect(readProjectConfig(project({ "README.md": "" }))).toEqual(defaults);
    expect(readProjectConfig(project({ "package.json": JSON.stringify({ name: "x" }) }))).toEqual(defaults);
  });

  test("reads provider and paths from the backant key", () => {
    const dir = project({ "package.json": JSON.stringify({ backant: { provider: "postgresql", modelsDir: "app/models", schemaPath: "db/schema.prisma" } }) });
    expect(readProjectConfig(dir)).toMatchObject({ provider: "postgresql", naming: "snake_case", modelsDir: "app/models", schemaPath: "db/schema.prisma" });
  });
  test("reads naming, foreign key indexes, datasource and generator options", () => {
    const backant = { provider: "postgresql", naming: "as-written", foreignKeyIndexes: false, datasource: { relationMode: "prisma", schemas: ["public", "auth"] }, generator: { previewFeatures: ["views"] } };
    expect(readProjectConfig(project({ "package.json": JSON.stringify({ backant }) }))).toMatchObject(backant);
    const refused = (value: object, says: RegExp) => expect(() => readProjectConfig(project({ "package.json": JSON.stringify({ backant: value }) }))).toThrow(says);
    refused({ naming: "camel" }, /naming.*snake_case, as-written/);
    refused({ foreignKeyIndexes: "no" }, /foreignKeyIndexes.*true or false/);
    refused({ datasource: { url: "x" } }, /unknown keys: url/);
    refused({ generator: { output: "x" } }, /generator\.output.*set by backant/);
  });

  test("refuses an unknown provider, a malformed key, and broken JSON", () => {
    const bad = project({ "package.json": JSON.stringify({ backant: { provider: "oracle" } }) });
    expect(() => readProjectConfig(bad)).toThrow(InputError);
    expect(() => readProjectConfig(bad)).toThrow(/Unknown database provider "oracle".*package\.json/);
    expect(() => readProjectConfig(project({ "package.json": JSON.stringify({ backant: "pg" }) }))).toThrow(/must be an object/);
    expect(() => readProjectConfig(project({ "package.json": JSON.stringify({ backant: { modelsDir: "" } }) }))).toThrow(/modelsDir/);
    expect(() => readProjectConfig(project({ "package.json": "{ nope" }))).toThrow(/not valid JSON/);
  });
});

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { useScratchDirs } from "../support/scratch.js";
import { expectRefused, postsModel, runCli, snapshotTree, sqlitePackageJson, usersModel } from "./project.js";

const scratchProject = useScratchDirs("cli");
function project(files: Record<string, string> = {}): string {
  return scratchProject({
    "package.json": sqlitePackageJson,
    "src/models/Users.model.ts": usersModel,
    "src/models/Posts.model.ts": postsModel,
    ...files,
  });
}

describe("backant schema", () => {
  it("creates prisma/ and writes the schema, then leaves it byte-identical and untouched on a second run", async () => {
    const dir = project();
    const schemaFile = path.join(dir, "prisma/schema.prisma");

    const first = await runCli(["schema"], dir);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("Wrote prisma/schema.prisma (2 models, sqlite)");
    const text = readFileSync(schemaFile, "utf8");
    expect(text).toMatch(/provider\s*=\s*"sqlite"/);
    expect(text).toMatch(/^model Users \{/m);
    expect(text).toMatch(/^model Posts \{/m);
    const mtime = statSync(schemaFile).mtimeMs;

    const second = await runCli(["schema"], dir);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain("up to date");
    expect(readFileSync(schemaFile, "utf8")).toBe(text);
    expect(statSync(schemaFile).mtimeMs).toBe(mtime);
    // No temporary files left next to the schema.
    expect(Object.keys(snapshotTree(path.join(dir, "prisma")))).toEqual(["schema.prisma"]);
  });

  it("--stdout prints the schema and writes nothing", async () => {
    const dir = project();
    const before = snapshotTree(dir);
    const run = await runCli(["schema", "--stdout"], dir);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^model Posts \{/m);
    expect(snapshotTree(dir)).toEqual(before);

    await runCli(["schema"], dir);
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toBe(run.stdout + "\n".repeat(run.stdout.endsWith("\n") ? 0 : 1));
  });

  it("--check exits 0 when current, 1 when missing or stale, and writes nothing", async () => {
    const dir = project();
    const missingBefore = snapshotTree(dir);
    const missing = await runCli(["schema", "--check"], dir);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain("prisma/schema.prisma is missing");
    expect(snapshotTree(dir)).toEqual(missingBefore);

    expect((await runCli(["schema"], dir)).exitCode).toBe(0);
    const current = await runCli(["schema", "--check"], dir);
    expect(current.exitCode).toBe(0);
    expect(current.stdout).toContain("is up to date");

    writeFileSync(path.join(dir, "src/models/Users.model.ts"), usersModel.replace("name: t.string().optional(),", "name: t.string(),"));
    const staleBefore = snapshotTree(dir);
    const stale = await runCli(["schema", "--check"], dir);
    expect(stale.exitCode).toBe(1);
    expect(stale.stdout).toContain("prisma/schema.prisma is out of date");
    expect(snapshotTree(dir)).toEqual(staleBefore);
  });

  it("--report prints one JSON object with ok, path, provider, models and changed", async () => {
    const dir = project();
    const first = JSON.parse((await runCli(["schema", "--report"], dir)).stdout);
    expect(first).toMatchObject({ ok: true, command: "schema", path: path.join(dir, "prisma/schema.prisma"), provider: "sqlite", models: 2, changed: true, exitCode: 0 });
    const second = JSON.parse((await runCli(["schema", "--report"], dir)).stdout);
    expect(second).toMatchObject({ ok: true, changed: false });

    writeFileSync(path.join(dir, "prisma/schema.prisma"), "// edited by hand\n");
    const run = await runCli(["schema", "--check", "--report"], dir);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, state: "stale", changed: false, exitCode: 1 });
  });

  it("--cwd points at another folder", async () => {
    const dir = project();
    const run = await runCli(["schema", "--cwd", path.relative(repoRoot, dir)], repoRoot);
    expect(run.exitCode).toBe(0);
    expect(existsSync(path.join(dir, "prisma/schema.prisma"))).toBe(true);
  });

  it("reads provider and paths from the backant key of package.json", async () => {
    const dir = project({
      "package.json": JSON.stringify({ backant: { provider: "postgresql", modelsDir: "models", schemaPath: "db/app.prisma" } }),
      "src/models/Users.model.ts": "this file is not loaded",
      "src/models/Posts.model.ts": "this file is not loaded",
      "models/Users.model.ts": usersModel,
    });
    const run = await runCli(["schema"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const text = readFileSync(path.join(dir, "db/app.prisma"), "utf8");
    expect(text).toMatch(/provider\s*=\s*"postgresql"/);
    expect(text).toContain("@db.VarChar(120)");
  });
});

describe("backant schema: bad input (exit 2, nothing changed)", () => {
  const cases: Array<{ name: string; args: string[]; files?: Record<string, string>; message: RegExp }> = [
    { name: "an unknown flag", args: ["schema", "--bogus"], message: /Unknown argument: bogus/ },
    { name: "--check with --stdout", args: ["schema", "--check", "--stdout"], message: /mutually exclusive/ },
    {
      name: "a --cwd one folder too deep (not a backant project)",
      args: ["schema", "--cwd", "src"],
      message: /src is not a backant project: it has no package\.json\. Nothing was changed\./,
    },
    { name: "a --cwd that does not exist", args: ["schema", "--cwd", "no/such/folder"], message: /--cwd no\/such\/folder: no such folder/ },
    {
      name: "an unknown provider",
      args: ["schema"],
      files: { "package.json": JSON.stringify({ backant: { provider: "oracle" } }) },
      message: /Unknown database provider "oracle"/,
    },
    {
      name: "a model file that does not load",
      args: ["schema"],
      files: { "src/models/Broken.model.ts": 'import { model, t } from "backant/model";\nexport default model("Broken", { id: t.id(), \n' },
      message: /Broken\.model\.ts/,
    },
    {
      name: "a relation to a model that does not exist",
      args: ["schema"],
      files: { "src/models/Posts.model.ts": postsModel.replace('t.belongsTo("Users"', 't.belongsTo("Authors"') },
      message: /Authors/,
    },
    {
      name: "a raw attribute Prisma refuses, against the model file and field (exit 2), once",
      args: ["schema"],
      files: { "src/models/Users.model.ts": usersModel.replace("  name:", '  code: t.string().attr("@db.Char(2)"),\n  name:') },
      message: /^error src\/models\/Users\.model\.ts: field "code" of model Users: Prisma refuses the schema it gives: .*\(generated line: code .*@db\.Char\(2\)\) Fix the raw attribute[^\n]*$/,
    },
    {
      name: "a list field on sqlite",
      args: ["schema"],
      files: { "src/models/Users.model.ts": usersModel.replace("  name:", "  tags: t.list(t.string()),\n  name:") },
      message: /tags/,
    },
  ];
  it.each(cases)("refuses $name", async ({ args, files, message }) => {
    const dir = project(files);
    // A schema already on disk must survive a failed run untouched.
    mkdirSync(path.join(dir, "prisma"));
    writeFileSync(path.join(dir, "prisma/schema.prisma"), "// an older schema\n");
    await expectRefused(args, dir, message);
  });
});

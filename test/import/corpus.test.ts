// Exactness of `backant import` on real schemas (test/import/corpus, each kept as fetched): the
// model files it writes render to a schema that Prisma's engine finds no difference with, in both
// directions, and that gives the same Prisma Client API (Prisma's DMMF).
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { importPrismaSchema } from "../../src/import/import-schema.js";
import { printModelFiles } from "../../src/import/model-code.js";
import { loadModelSet } from "../../src/schema/load-models.js";
import { renderPrismaSchema } from "../../src/schema/render-prisma.js";
import { validatePrismaSchema } from "../../src/schema/validate-prisma.js";
import { clientApiOf } from "../support/dmmf.js";
import { EMPTY_MIGRATION, schemaDiffer, type DiffProvider } from "../support/engine-diff.js";
import { repoRoot } from "../support/paths.js";
import { removeDir, scratchDir, writeFiles } from "../support/scratch.js";

const CORPUS = path.join(repoRoot, "test/import/corpus");
const names = readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** Prisma 7 schemas carry no connection URLs; the fixtures (Prisma 5 and 6) do. */
function withoutUrls(files: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return files.map(([file, text]) => [file, text.replace(/^(\s*)(url|directUrl|shadowDatabaseUrl)(\s*=.*)$/gm, "$1")]);
}

/** A fixture's schema files: schema.prisma, or the .prisma files of its schema/ folder (a multi-file schema). */
function fixtureFiles(name: string): Array<[string, string]> {
  const single = path.join(CORPUS, name, "schema.prisma");
  if (existsSync(single)) return [["schema.prisma", readFileSync(single, "utf8")]];
  const folder = path.join(CORPUS, name, "schema");
  return (readdirSync(folder, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith(".prisma"))
    .sort()
    .map((f): [string, string] => [f, readFileSync(path.join(folder, f), "utf8")]);
}

interface Imported {
  name: string;
  provider: string;
  original: Array<[string, string]>;
  rendered: string;
  files: Map<string, string>;
}

const imports = new Map<string, Promise<Imported>>();
const dirs: string[] = [];
/** One import a fixture, shared by its tests. */
const imported = (name: string): Promise<Imported> => {
  if (!imports.has(name)) imports.set(name, importFixture(name));
  return imports.get(name)!;
};

async function importFixture(name: string): Promise<Imported> {
  const original = fixtureFiles(name);
  const schema = importPrismaSchema(original.length === 1 ? original[0]![1] : original, name);
  const files = printModelFiles(schema);
  const dir = scratchDir(`import-${name}`);
  dirs.push(dir);
  writeFiles(dir, Object.fromEntries([...files].map(([file, content]) => [`src/models/${file}`, content])));
  // As in a project: backant installed, so model files load as plain JavaScript (no TypeScript
  // transform), the shared enums module included. Needs a build (npm test builds first).
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(repoRoot, path.join(dir, "node_modules", "backant"), "dir");
  const set = await loadModelSet(dir, { naming: schema.naming, foreignKeyIndexes: false });
  // The printed files evaluate to exactly the data the import made.
  const strip = ({ file: _file, naming: _naming, ...def }: (typeof set.models)[number]) => def;
  expect(set.models.map(strip)).toEqual([...schema.models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  const rendered = renderPrismaSchema(set, { provider: schema.provider, datasource: schema.datasource, generator: schema.generator });
  validatePrismaSchema(rendered);
  return { name, provider: schema.provider, original, rendered, files };
}

afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

test("the corpus covers PostgreSQL, SQLite and MySQL with at least 8 schemas", () => {
  expect(names.length).toBeGreaterThanOrEqual(8);
  const providers = names.map((n) => (JSON.parse(readFileSync(path.join(CORPUS, n, "source.json"), "utf8")) as { provider: string }).provider);
  expect(new Set(providers)).toEqual(new Set(["postgresql", "sqlite", "mysql"]));
});

test("the checks can fail: one index less is a difference for the engine and for the DMMF", async () => {
  const i = await imported("umami-postgresql");
  const lines = i.rendered.split("\n");
  const at = lines.findIndex((l) => l.trim().startsWith("@@index("));
  const missingIndex = [...lines.slice(0, at), ...lines.slice(at + 1)].join("\n");
  expect(clientApiOf(missingIndex).datamodel).not.toEqual(clientApiOf(i.rendered).datamodel);
  const differ = await schemaDiffer("postgresql");
  try {
    expect(await differ.diff(i.rendered, missingIndex)).toMatch(/DROP INDEX/);
    expect(await differ.diff(missingIndex, i.rendered)).toMatch(/CREATE INDEX/);
  } finally {
    differ.free();
  }
});

describe.each(names)("%s", (name) => {
  test("imports: the printed model files evaluate to the imported models, and Prisma validates the rendered schema", async () => {
    await imported(name);
  });

  test("gives the same Prisma Client API (DMMF: models, fields, relations, defaults, input types)", async () => {
    const i = await imported(name);
    const before = clientApiOf(withoutUrls(i.original));
    const after = clientApiOf(i.rendered);
    expect(after.datamodel).toEqual(before.datamodel);
    expect(after.outputModels).toEqual(before.outputModels);
    expect(after.inputTypes).toEqual(before.inputTypes);
  });

  test("renders to the same database: Prisma's engine diffs nothing, both ways", async (ctx) => {
    const i = await imported(name);
    if (i.provider === "mysql") ctx.skip("no engine here can diff MySQL schemas (the wasm engine refuses MySQL); compared by Prisma's validator and DMMF above");
    const differ = await schemaDiffer(i.provider as DiffProvider);
    try {
      const original = withoutUrls(i.original);
      // The diff is real: from nothing to the schema is every table.
      expect(await differ.diff(null, original)).toMatch(/CREATE TABLE/);
      expect(await differ.diff(original, i.rendered)).toMatch(EMPTY_MIGRATION);
      expect(await differ.diff(i.rendered, original)).toMatch(EMPTY_MIGRATION);
    } finally {
      differ.free();
    }
  });
});

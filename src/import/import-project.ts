import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { CommandFailure, InputError } from "../errors.js";
import type { PlannedWrite } from "../scaffold/plan.js";
import { ENUMS_FILE, listModelFiles, loadModelSet } from "../schema/load-models.js";
import type { ModelSet } from "../schema/model-set.js";
import { readProjectConfig, type ProjectConfig } from "../project/config.js";
import { renderPrismaSchemaWithOrigins } from "../schema/render-prisma.js";
import { validateRenderedSchema } from "../schema/validate-prisma.js";
import { importPrismaSchema, type ImportedSchema } from "./import-schema.js";
import { printModelFiles } from "./model-code.js";

export interface ImportRequest {
  projectDir: string;
  /** The Prisma schema to import: its text, or the [name, text] files of a schema folder. */
  schemaText: string | ReadonlyArray<readonly [string, string]>;
  /** Where it came from, for messages: a file path, or "the database". */
  source: string;
  /** Write over existing model files and a package.json "backant" key of another provider. */
  force: boolean;
}

export interface ImportPlan {
  schema: ImportedSchema;
  /** Model files, the enums module and package.json, in that order. */
  writes: PlannedWrite[];
  /** The schema the imported models render to (what `backant schema` will write). */
  rendered: string;
  /** Model files already in the folder that the import does not write (left in place with --force). */
  leftInPlace: string[];
  modelsDir: string;
}

/** The project's package.json with the "backant" key the imported schema needs (provider, naming, options). */
function packageJsonWrite(projectDir: string, schema: ImportedSchema, force: boolean): PlannedWrite {
  const file = path.join(projectDir, "package.json");
  const exists = existsSync(file);
  const pkg = exists ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : { name: path.basename(projectDir), private: true };
  const previous = (pkg.backant ?? {}) as Record<string, unknown>;
  if (!force && previous.provider !== undefined && previous.provider !== schema.provider)
    throw new InputError(`The project is set up for ${String(previous.provider)} (package.json "backant.provider"), but the schema is a ${schema.provider} schema.`, {
      code: "IMPORT_PROVIDER_MISMATCH",
      hint: `Import into a ${schema.provider} project, or run again with --force to switch the project to ${schema.provider}.`,
    });
  const backant: Record<string, unknown> = { ...previous, provider: schema.provider, naming: schema.naming, foreignKeyIndexes: false };
  const datasource = { ...(schema.datasource.relationMode ? { relationMode: schema.datasource.relationMode } : {}), ...(schema.datasource.schemas.length ? { schemas: schema.datasource.schemas } : {}) };
  if (Object.keys(datasource).length > 0) backant.datasource = datasource;
  else delete backant.datasource;
  if (Object.keys(schema.generator).length > 0) backant.generator = schema.generator;
  else delete backant.generator;
  return { path: file, content: `${JSON.stringify({ ...pkg, backant }, null, 2)}\n`, reason: exists ? 'the "backant" key: provider, naming and options of the imported schema' : "a package.json holding backant's project options" };
}

/**
 * Plans `backant import`: the schema's models as model files (checked: they load back to exactly
 * the imported data, and Prisma validates what they render to), and the project options in
 * package.json. Writes nothing.
 */
export async function planImport(request: ImportRequest): Promise<ImportPlan> {
  const { projectDir } = request;
  const config = readProjectConfig(projectDir);
  const schema = importPrismaSchema(request.schemaText, request.source);
  const files = printModelFiles(schema);
  const modelsDir = path.resolve(projectDir, config.modelsDir);
  const existing = [...listModelFiles(modelsDir), ...(existsSync(path.join(modelsDir, ENUMS_FILE)) ? [ENUMS_FILE] : [])];
  const shownDir = path.relative(projectDir, modelsDir) || ".";
  if (existing.length > 0 && !request.force)
    throw new InputError(
      `${shownDir} already has model files (${existing.slice(0, 5).join(", ")}${existing.length > 5 ? `, and ${existing.length - 5} more` : ""}); nothing was written.`,
      { code: "IMPORT_WOULD_OVERWRITE", hint: `Import into a project without model files, or run again with --force to write the imported models over them (model files the import does not write stay in ${shownDir}).`, details: { existing } },
    );
  const packageJson = packageJsonWrite(projectDir, schema, request.force);
  const rendered = await verifyImport(schema, files, config);
  const writes: PlannedWrite[] = [...files].map(([name, content]) => ({
    path: path.join(modelsDir, name),
    content,
    reason: name === ENUMS_FILE ? `the schema's ${schema.enums.length} enum(s)` : `model ${name.slice(0, -".model.ts".length)} from ${request.source}`,
  }));
  writes.push(packageJson);
  return { schema, writes, rendered, leftInPlace: existing.filter((name) => !files.has(name)), modelsDir };
}

/**
 * Loads the printed files back (from a folder outside the project) and checks they are exactly
 * the imported models, then renders and validates them: an import that would not round-trip is a
 * backant bug, reported before anything is written.
 */
async function verifyImport(schema: ImportedSchema, files: Map<string, string>, config: ProjectConfig): Promise<string> {
  return (await loadImportedModels(schema, files, config.modelsDir)).rendered;
}

/**
 * The model set of printed model files (loaded from a folder outside any project, as a project
 * loads them), checked to be exactly the imported models, and the schema it renders to (validated).
 * Throws CommandFailure when the files do not round-trip: a backant bug, found before any write.
 */
export async function loadImportedModels(schema: ImportedSchema, files: ReadonlyMap<string, string>, modelsDir = "src/models"): Promise<{ set: ModelSet; rendered: string }> {
  const staging = mkdtempSync(path.join(tmpdir(), "backant-import-"));
  try {
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(path.join(staging, "models"));
    for (const [name, content] of files) writeFileSync(path.join(staging, "models", name), content);
    const set = await loadModelSet(staging, { modelsDir: "models", naming: schema.naming, foreignKeyIndexes: false });
    const loaded = set.models.map(({ file: _file, naming: _naming, ...def }) => def);
    const expected = [...schema.models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!isDeepStrictEqual(loaded, expected)) {
      const differing = expected.find((m, i) => !isDeepStrictEqual(m, loaded[i]))?.name ?? "?";
      throw new CommandFailure(`The model files written for ${differing} do not load back to the imported model; this is a backant bug.`, { code: "IMPORT_ROUND_TRIP", hint: "Report it with the schema you imported." });
    }
    const rendered = renderPrismaSchemaWithOrigins(set, { provider: schema.provider, modelsDir, datasource: schema.datasource, generator: schema.generator });
    validateRenderedSchema(rendered);
    return { set, rendered: rendered.text };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BackantError, InputError } from "../errors.js";
import type { ProjectContext } from "../project/context.js";
import { loadModelSet, MODEL_FILE_SUFFIX } from "../schema/load-models.js";
import { findModel, idFieldOf } from "../schema/model-set.js";
import { fieldSpecSyntax, parseFieldSpecs, type FieldSpec, type IdFieldSpec } from "./field-spec.js";
import { checkModelName } from "./model-name.js";
import { renderModelSource, type TargetKeyTypes } from "./model-source.js";
import type { PlannedWrite } from "./plan.js";
import { removeOnExit, sweepStale, tempName } from "../process/temp-paths.js";
import { renderSchemaFromModels, schemaPlanFor, type ProjectConfig, type SchemaPlan } from "./schema-file.js";

const toPosix = (file: string): string => file.split(path.sep).join("/");

export interface AddModelRequest {
  /** The project, resolved once by the command (its folder and the "backant" key of package.json). */
  project: Pick<ProjectContext, "dir" | "config">;
  name: string;
  /** The raw `--fields` value. */
  fields: string;
  /** Overwrite an existing model file of that name. */
  force: boolean;
}

export interface AddModelPlan {
  name: string;
  fields: FieldSpec[];
  /** Absolute path of the new model file. */
  modelPath: string;
  modelExists: boolean;
  schema: SchemaPlan;
  /** The model file first, then the schema. */
  writes: PlannedWrite[];
}

/**
 * Plans `backant add-model`: checks the name and the field specs, renders the model file, and
 * proves the whole resulting model set renders to a valid schema by loading it from a staging copy
 * of the models folder. Nothing in the project is written; apply `writes` with applyPlan.
 */
export async function planAddModel(request: AddModelRequest): Promise<AddModelPlan> {
  const name = checkModelName(request.name);
  const fields = parseFieldSpecs(request.fields);
  checkAutomaticFields(fields);

  const projectDir = request.project.dir;
  const config = request.project.config;
  const modelsDir = path.resolve(projectDir, config.modelsDir);
  const existing = existingModelNames(modelsDir);
  const modelPath = path.join(modelsDir, name + MODEL_FILE_SUFFIX);
  const modelExists = existsSync(modelPath);
  if (modelExists && !request.force) {
    throw new InputError(`Model ${name} already exists (${path.relative(projectDir, modelPath)}).`, {
      code: "MODEL_EXISTS",
      hint: "Edit the model file, or pass --force to replace it.",
    });
  }
  const sameButCase = existing.find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
  if (sameButCase) {
    throw new InputError(`Model ${name} differs from the existing model ${sameButCase} only in letter case.`, {
      code: "MODEL_EXISTS",
      hint: `Use ${sameButCase}, or choose a distinct name (case-insensitive file systems cannot hold both files).`,
    });
  }
  checkRelationTargets(name, fields, existing, config.modelsDir);

  const source = renderModelSource(name, fields, await targetKeyTypes(projectDir, config, name, fields));
  const rendered = await renderInStaging(projectDir, config, modelsDir, name, source);
  const schema = schemaPlanFor(projectDir, config, rendered);
  return {
    name,
    fields,
    modelPath,
    modelExists,
    schema,
    writes: [
      { path: modelPath, content: source, reason: modelExists ? `replaces model ${name} (--force)` : `new model ${name}` },
      { ...schema.write, reason: `regenerated with model ${name}` },
    ],
  };
}

/**
 * The key type of each belongsTo target whose id is not an Int. Other models are loaded only when a
 * belongsTo points at one (loading costs a jiti pass over every model file).
 */
async function targetKeyTypes(projectDir: string, config: ProjectConfig, name: string, fields: FieldSpec[]): Promise<TargetKeyTypes> {
  const keyTypes: Record<string, "bigint" | "string"> = {};
  const ownId = fields.find((spec): spec is IdFieldSpec => spec.kind === "id");
  const keyTypeOf = (strategy: string | null | undefined) =>
    strategy === "uuid" || strategy === "cuid" ? "string" : strategy === "bigint" ? "bigint" : undefined;
  const own = keyTypeOf(ownId?.strategy);
  if (own) keyTypes[name] = own;
  const others = new Set(fields.flatMap((spec) => (spec.kind === "relation" && spec.relation === "belongsTo" && spec.target !== name ? [spec.target] : [])));
  if (others.size === 0) return keyTypes;
  const set = await loadModelSet(projectDir, { modelsDir: config.modelsDir, naming: config.naming, foreignKeyIndexes: config.foreignKeyIndexes });
  for (const target of others) {
    const model = findModel(set, target);
    const keyType = model ? keyTypeOf(idFieldOf(model)?.id) : undefined;
    if (keyType) keyTypes[target] = keyType;
  }
  return keyTypes;
}

/** Model names as the file names in the models folder give them (`Users.model.ts` -> "Users"). */
export function existingModelNames(modelsDir: string): string[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir)
    .filter((file) => file.endsWith(MODEL_FILE_SUFFIX))
    .map((file) => file.slice(0, -MODEL_FILE_SUFFIX.length))
    .sort();
}

function checkAutomaticFields(fields: FieldSpec[]): void {
  for (const spec of fields) {
    if (spec.name === "id" && spec.kind !== "id") {
      throw new InputError(`Field "id" is added to every model; it cannot be a ${describeKind(spec)}.`, {
        code: "DUPLICATE_FIELD",
        hint: "Leave it out, or choose its kind with id:id(uuid) or id:id(cuid).",
      });
    }
    if (spec.kind === "id" && spec.name !== "id") {
      throw new InputError(`Field "${spec.name}" cannot be an id: the id field is "id".`, {
        code: "BAD_FIELD_SPEC",
        hint: "Use id:id(uuid) or id:id(cuid) to choose the kind of id.",
      });
    }
    if ((spec.name === "createdAt" || spec.name === "updatedAt") && !(spec.kind === "timestamp" && spec.type === spec.name)) {
      throw new InputError(`Field "${spec.name}" is added to every model automatically.`, {
        code: "DUPLICATE_FIELD",
        hint: `Leave "${spec.name}" out of --fields.`,
      });
    }
  }
}

function describeKind(spec: FieldSpec): string {
  switch (spec.kind) {
    case "scalar":
      return spec.type;
    case "relation":
      return spec.relation;
    case "timestamp":
      return spec.type;
    default:
      return spec.kind;
  }
}

function checkRelationTargets(name: string, fields: FieldSpec[], existing: string[], modelsDirLabel: string): void {
  for (const spec of fields) {
    if (spec.kind !== "relation" || spec.target === name || existing.includes(spec.target)) continue;
    const known = existing.length ? `Existing models: ${existing.join(", ")}.` : `There are no models in ${modelsDirLabel} yet.`;
    throw new InputError(`Field "${spec.name}" relates to model ${spec.target}, which does not exist.`, {
      code: "UNKNOWN_RELATION_TARGET",
      hint: `${known} Add ${spec.target} first (backant add-model ${spec.target}), or fix the name.`,
    });
  }
}

/**
 * Copies the models folder into a staging folder inside the project (so the model files resolve
 * their imports as they do in place), adds the new file, and renders the schema from there.
 */
async function renderInStaging(projectDir: string, config: ProjectConfig, modelsDir: string, name: string, source: string) {
  // A killed earlier run's copy would otherwise stay in the project for good.
  sweepStale(projectDir, STAGING_PREFIX);
  const staging = path.join(projectDir, tempName(STAGING_PREFIX));
  mkdirSync(staging);
  const keep = removeOnExit(staging);
  try {
    // A models folder outside the project (absolute or "../x") is staged under a folder of its own,
    // so the copy can never land on the real files.
    const inside = path.relative(projectDir, modelsDir);
    const stagedRelative = inside && !inside.startsWith("..") && !path.isAbsolute(inside) ? inside : "models";
    const stagedModels = path.join(staging, stagedRelative);
    if (existsSync(modelsDir)) cpSync(modelsDir, stagedModels, { recursive: true });
    else mkdirSync(stagedModels, { recursive: true });
    writeFileSync(path.join(stagedModels, name + MODEL_FILE_SUFFIX), source);
    try {
      return await renderSchemaFromModels(staging, config, stagedRelative);
    } catch (error) {
      throw explainStagingError(error, staging, projectDir, name, toPosix(path.join(stagedRelative, name + MODEL_FILE_SUFFIX)));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    keep();
  }
}

const STAGING_PREFIX = ".backant-staging-";

/**
 * Errors from the staging copy name staging paths; point them at the user's files instead, and say
 * whether the new model or an existing file is at fault.
 */
function explainStagingError(error: unknown, staging: string, projectDir: string, name: string, newFileLabel: string): unknown {
  if (!(error instanceof BackantError)) return error;
  const message = error.message.split(staging + path.sep).join("").split(staging).join(projectDir);
  const file = error.details?.file;
  const existingFileAtFault = typeof file === "string" && file !== newFileLabel;
  const lead = existingFileAtFault
    ? `Cannot add model ${name}: an existing model file does not load or check, so nothing was written: `
    : `Adding model ${name} would make the schema invalid, so nothing was written: `;
  // Either way the input (the new model, or the project's files) is what failed: exit 2.
  return new InputError(lead + message, {
    code: error.code,
    hint: error.hint ?? fieldSpecSyntax,
    details: error.details,
    cause: error,
  });
}

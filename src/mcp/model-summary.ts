import type { FieldDef } from "../model/model-def.js";
import type { ProjectContext } from "../project/context.js";
import { InputError } from "../errors.js";
import { closestMatch } from "../scaffold/closest-match.js";
import { findModel, type ModelEntry, type ModelSet } from "../schema/model-set.js";

/**
 * The models as an agent needs them to plan a change: each model's fields with their types and
 * flags, its relations (declared here, and pointing here from other models). Read from the model
 * files with the loader `backant schema` uses, so it is what the schema is rendered from.
 */
export async function loadProjectModels(project: ProjectContext): Promise<ModelSet> {
  (await import("../schema/wasm-startup.js")).preferBaselineWasmCompiler();
  const { loadModelSet } = await import("../schema/load-models.js");
  const { config } = project;
  return loadModelSet(project.dir, { modelsDir: config.modelsDir, naming: config.naming, foreignKeyIndexes: config.foreignKeyIndexes });
}

export interface FieldSummary {
  name: string;
  kind: "scalar" | "relation";
  /** Scalar type (string, int, decimal, enum ...) or the relation kind (belongsTo, hasMany ...). */
  type: string;
  optional: boolean;
  unique: boolean;
  [detail: string]: unknown;
}

export interface ModelSummary {
  name: string;
  file: string;
  table: string | null;
  fields: FieldSummary[];
  relations: Array<{ field: string; kind: string; target: string; foreignKey: string | null; onDelete: string | null }>;
  /** Relations of other models that point at this one. */
  referencedBy: Array<{ model: string; field: string; kind: string }>;
}

export function summarizeModels(set: ModelSet): ModelSummary[] {
  return set.models.map((model) => summarizeModel(set, model));
}

export function summarizeModel(set: ModelSet, model: ModelEntry): ModelSummary {
  return {
    name: model.name,
    file: model.file,
    table: model.table,
    fields: model.fields.map(summarizeField),
    relations: model.fields.flatMap((field) =>
      field.kind === "relation" ? [{ field: field.name, kind: field.relation, target: field.target, foreignKey: field.relation === "belongsTo" ? (field.foreignKey ?? `${field.name}Id`) : null, onDelete: field.onDelete }] : [],
    ),
    referencedBy: set.models.flatMap((other) =>
      other.fields.flatMap((field) => (field.kind === "relation" && field.target === model.name && other.name !== model.name ? [{ model: other.name, field: field.name, kind: field.relation }] : [])),
    ),
  };
}

function summarizeField(field: FieldDef): FieldSummary {
  const common = { name: field.name, optional: field.optional, unique: field.unique };
  if (field.kind === "relation") return { ...common, kind: "relation", type: field.relation, target: field.target };
  const details: Record<string, unknown> = {};
  if (field.id !== null) details.id = field.id;
  if (field.list) details.list = true;
  if (field.length !== null) details.length = field.length;
  if (field.precision !== null) details.precision = field.precision;
  if (field.scale !== null) details.scale = field.scale;
  if (field.enumName !== null) details.enum = { name: field.enumName, values: field.enumValues };
  if (field.default !== null) details.default = field.default;
  if (field.updatedAt) details.updatedAt = true;
  if (field.index) details.index = true;
  return { ...common, kind: "scalar", type: field.type, ...details };
}

/** One model by name; an unknown name is refused the way the CLI refuses one, with the closest match. */
export function requireModel(set: ModelSet, name: string): ModelEntry {
  const found = findModel(set, name);
  if (found) return found;
  const names = set.models.map((model) => model.name);
  const suggestion = closestMatch(name, names);
  throw new InputError(`No model named "${name}"${suggestion ? `; did you mean ${suggestion}?` : "."}`, {
    code: "UNKNOWN_MODEL",
    hint: names.length === 0 ? "The project has no models yet: add one with add_model." : `The models are: ${names.join(", ")}.`,
  });
}

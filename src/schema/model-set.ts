import { InputError } from "../errors.js";
import type { EnumOptions, FieldDef, ModelDef, ScalarFieldDef } from "../model/model-def.js";
import { checkModels } from "./model-checks.js";
import type { Naming, Provider } from "../project/config.js";
import { checkConstraintNames } from "./constraint-names.js";
import { resolveRelations, type RelationPlan } from "./relations.js";

export type { Provider } from "../project/config.js";

/** One model with the file it came from (relative to the project, forward slashes, for messages). */
export interface ModelEntry extends ModelDef {
  file: string;
  /** The project's naming, which gives the table and column names not set with table / .map(). */
  naming: Naming;
}

export interface EnumDef {
  name: string;
  values: string[];
  /** The first model file (in model order) that declares it. */
  file: string;
  /** Database names, schema, documentation (null: none given). */
  options: import("../model/model-def.js").EnumOptions | null;
}

/** The IR between model files and schema text: plain data, JSON-serializable, deterministic order. */
export interface ModelSet {
  /** Sorted by name. */
  models: ModelEntry[];
  /** Every enum used by a field, sorted by name, first declaration wins (clashes are refused by checkModelSet). */
  enums: EnumDef[];
  /** Database names not given explicitly: snake_case of the names (default) or the names as written. */
  naming: Naming;
  /** Whether every foreign key gets an index of its own (default true). */
  foreignKeyIndexes: boolean;
  /** Enums of the models folder's enums.ts (absent when there is none): checked against the fields that use them. */
  declaredEnums?: EnumDef[];
}

export interface ModelSetOptions {
  naming?: Naming;
  foreignKeyIndexes?: boolean;
  /** Enums declared in the models folder's enums.ts, used by a field or not (an unused enum still exists in the database). */
  enums?: ReadonlyArray<{ name: string; values: readonly string[]; options: EnumOptions | null; file: string }>;
}

/**
 * Fills what a model made by an older backant/model lacks (keys and options added since), so the
 * rest of backant reads one shape. A def from this version passes through unchanged.
 */
function normalizeModel(model: ModelDef): ModelDef {
  const m = model as Partial<ModelDef> & ModelDef;
  const fields = m.fields.map((f): FieldDef => {
    const common = { doc: f.doc ?? null, ignore: f.ignore ?? false };
    if (f.kind === "relation") return { ...f, ...common, fields: f.fields ?? null, references: f.references ?? null, map: f.map ?? null };
    return {
      ...f,
      ...common,
      native: f.native ?? null,
      unsupported: f.unsupported ?? null,
      idOptions: f.idOptions ?? null,
      uniqueOptions: f.uniqueOptions ?? null,
      indexOptions: f.indexOptions ?? null,
      enumOptions: f.enumOptions ?? null,
    };
  });
  return { ...m, fields, keys: m.keys ?? [], schema: m.schema ?? null, doc: m.doc ?? null, ignore: m.ignore ?? false };
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Builds the IR from loaded models. The order of `entries` does not matter. */
export function buildModelSet(entries: readonly { model: ModelDef; file: string }[], options: ModelSetOptions = {}): ModelSet {
  const naming = options.naming ?? "snake_case";
  const models: ModelEntry[] = entries
    // Shallow: models from model() are deeply frozen, and nothing downstream mutates the IR.
    .map(({ model, file }) => ({ ...normalizeModel(model), file, naming }))
    // Ties (duplicate names, refused later) fall back to the file so the order stays deterministic.
    .sort((a, b) => byName(a, b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const enums = new Map<string, EnumDef>();
  for (const m of models)
    for (const f of m.fields)
      if (f.kind === "scalar" && f.type === "enum" && f.enumName !== null && !enums.has(f.enumName))
        enums.set(f.enumName, { name: f.enumName, values: [...(f.enumValues ?? [])], file: m.file, options: f.enumOptions });
  const declared: EnumDef[] = [];
  for (const e of options.enums ?? []) {
    const entry = { name: e.name, values: [...e.values], file: e.file, options: e.options };
    declared.push(entry);
    if (!enums.has(e.name)) enums.set(e.name, entry);
  }
  return { models, enums: [...enums.values()].sort(byName), naming, foreignKeyIndexes: options.foreignKeyIndexes ?? true, ...(declared.length ? { declaredEnums: declared } : {}) };
}

/** Where an error points: the model file, the model, and the field (if any). */
export interface Location {
  model: ModelEntry;
  field?: string;
}

/** An InputError naming the model file and field; `fix` says what to do and becomes the hint too. */
export function modelError(at: Location, problem: string, fix: string, code = "BAD_MODEL"): InputError {
  const where = at.field === undefined ? `model ${at.model.name}` : `field "${at.field}" of model ${at.model.name}`;
  return new InputError(`${at.model.file}: ${where}: ${problem} ${fix}`, {
    code,
    hint: fix,
    details: { file: at.model.file, model: at.model.name, ...(at.field === undefined ? {} : { field: at.field }) },
  });
}

const indexes = new WeakMap<readonly ModelEntry[], Map<string, ModelEntry>>();

/** Looks a model up by name; the index is built once a models array (relations look up thousands of times). */
export function findModel(set: ModelSet, name: string): ModelEntry | undefined {
  let index = indexes.get(set.models);
  if (!index) {
    index = new Map();
    // First declaration wins, like the duplicate check that refuses the second.
    for (const m of set.models) if (!index.has(m.name)) index.set(m.name, m);
    indexes.set(set.models, index);
  }
  return index.get(name);
}

/** The model's single-field primary key (t.id()), or undefined for a composite or missing id. */
export function idFieldOf(model: ModelDef): ScalarFieldDef | undefined {
  for (const f of model.fields) if (f.kind === "scalar" && f.id !== null) return f;
  return undefined;
}

/**
 * Refuses everything Prisma or the provider cannot express, with an InputError naming the model
 * file and field and saying what to do. renderPrismaSchema runs it too, so it never emits a schema
 * that fails for a reason backant could have explained.
 */
export function checkModelSet(set: ModelSet, provider: Provider): void {
  analyzeModelSet(set, provider);
}

/** checkModelSet's work, returning the relation plan the renderer needs. */
export function analyzeModelSet(set: ModelSet, provider: Provider): RelationPlan {
  checkModels(set, provider);
  const plan = resolveRelations(set, provider);
  checkConstraintNames(set, plan, provider);
  return plan;
}

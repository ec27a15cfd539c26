import { isFieldBuilder, type AnyFieldBuilder } from "./field-builder.js";
import { MODEL_DEF_VERSION, MODEL_KIND, type FieldDef, type ModelDef } from "./model-def.js";

export type FieldsShape = Record<string, AnyFieldBuilder>;

export interface ModelOptions {
  /** Table name (@@map); default snake_case of the model name. */
  table?: string;
  /** Composite primary key (@@id); relation fields resolve to their FK fields. */
  id?: readonly string[];
  /** Composite unique constraints (@@unique). */
  unique?: readonly (readonly string[])[];
  /** Composite indexes (@@index). */
  indexes?: readonly (readonly string[])[];
  /** Escape hatch: raw Prisma block attributes such as `@@schema("x")`. */
  attributes?: readonly string[];
}

/**
 * A model: plain data (ModelDef) plus, at the type level only, the field builders it was made of,
 * so `InferRow<typeof M>` can compute the row type. `__fields` never exists at run time.
 */
export type Model<N extends string = string, F extends FieldsShape = FieldsShape> = Readonly<ModelDef> & {
  readonly name: N;
  readonly __fields?: F;
};

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new TypeError(`${what} must be an array of field names`);
  return [...(value as string[])];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function model<const N extends string, F extends FieldsShape>(name: N, fields: F, options: ModelOptions = {}): Model<N, F> {
  if (typeof name !== "string" || name.length === 0) throw new TypeError("model(name, fields) needs a model name");
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw new TypeError(`model("${name}", fields): fields must be an object of t.* builders`);
  if (typeof options !== "object" || options === null) throw new TypeError(`model("${name}", fields, options): options must be an object`);
  const defs: FieldDef[] = Object.entries(fields).map(([fieldName, builder]) => {
    if (!isFieldBuilder(builder)) throw new TypeError(`model("${name}"): field "${fieldName}" is not a t.* builder (got ${typeof builder}); write e.g. ${fieldName}: t.string()`);
    return { name: fieldName, ...structuredClone(builder.spec) } as FieldDef;
  });
  const def: ModelDef = {
    kind: MODEL_KIND,
    version: MODEL_DEF_VERSION,
    name,
    fields: defs,
    table: options.table ?? null,
    id: options.id === undefined ? null : stringList(options.id, `model("${name}") option id`),
    unique: (options.unique ?? []).map((u, i) => stringList(u, `model("${name}") option unique[${i}]`)),
    indexes: (options.indexes ?? []).map((u, i) => stringList(u, `model("${name}") option indexes[${i}]`)),
    attributes: stringList(options.attributes ?? [], `model("${name}") option attributes`),
  };
  return deepFreeze(def) as Model<N, F>;
}

/** True for anything made by model(), from this or any other copy of backant/model. */
export function isModel(value: unknown): value is ModelDef {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === MODEL_KIND;
}

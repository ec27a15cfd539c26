import { indexTypeOf, isFieldBuilder, type AnyFieldBuilder } from "./field-builder.js";
import { MODEL_DEF_VERSION, MODEL_KIND, type BlockKeySpec, type FieldDef, type IndexType, type KeyFieldSpec, type ModelDef, type SortOrder } from "./model-def.js";

export type FieldsShape = Record<string, AnyFieldBuilder>;

/** A column of a key or index with options: { field: "createdAt", sort: "desc" }. */
export interface KeyColumn {
  field: string;
  sort?: SortOrder;
  /** MySQL: prefix length. */
  length?: number;
  /** PostgreSQL operator class ("JsonbPathOps", "gin_trgm_ops" ...). */
  ops?: string;
}

/** A key or index with options. `fields` lists field names or KeyColumn objects. */
export interface KeyDefinition {
  fields: ReadonlyArray<string | KeyColumn>;
  /** Name in the Prisma Client API (@@id and @@unique: `name:`, e.g. for `where: { name: {...} }`). */
  name?: string;
  /** Name in the database (`map:`). */
  map?: string;
  /** Index method (indexes only). */
  type?: IndexType;
  /** SQL Server only. */
  clustered?: boolean;
}

type KeyInput = readonly string[] | KeyDefinition;

export interface ModelOptions {
  /** Table name (@@map); default: the project's naming (snake_case of the model name, or the name as written). */
  table?: string;
  /** Composite primary key (@@id); relation fields resolve to their FK fields. */
  id?: KeyInput;
  /** Composite unique constraints (@@unique). */
  unique?: readonly KeyInput[];
  /** Composite indexes (@@index). */
  indexes?: readonly KeyInput[];
  /** MySQL full-text indexes (@@fulltext). */
  fulltext?: readonly KeyInput[];
  /** PostgreSQL schema (@@schema), with multiple schemas (the project's datasource lists them). */
  schema?: string;
  /** Documentation, written as `///` lines above the model. */
  doc?: string;
  /** @@ignore: the table stays in the database, the Prisma Client leaves the model out. */
  ignore?: boolean;
  /** Escape hatch: raw Prisma block attributes, emitted verbatim. */
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

function keyColumn(value: unknown, what: string): KeyFieldSpec {
  if (typeof value === "string" && value.length > 0) return { name: value, sort: null, length: null, ops: null };
  if (typeof value !== "object" || value === null || typeof (value as KeyColumn).field !== "string") throw new TypeError(`${what}: each field is a name or { field, sort?, length?, ops? }`);
  const c = value as KeyColumn;
  if (c.sort !== undefined && c.sort !== "asc" && c.sort !== "desc") throw new TypeError(`${what}: sort must be "asc" or "desc"`);
  if (c.length !== undefined && (!Number.isInteger(c.length) || c.length < 1)) throw new TypeError(`${what}: length must be a positive integer`);
  if (c.ops !== undefined && (typeof c.ops !== "string" || c.ops.length === 0)) throw new TypeError(`${what}: ops must be an operator class name`);
  return { name: c.field, sort: c.sort ?? null, length: c.length ?? null, ops: c.ops ?? null };
}

/** A key given as a plain list stays in the simple form (id, unique, indexes); one with options becomes a BlockKeySpec. */
function keyOf(kind: BlockKeySpec["kind"], value: unknown, what: string): string[] | BlockKeySpec {
  if (Array.isArray(value)) return stringList(value, what);
  if (typeof value !== "object" || value === null || !Array.isArray((value as KeyDefinition).fields)) throw new TypeError(`${what} must be an array of field names or { fields, name?, map?, type? }`);
  const k = value as KeyDefinition;
  if (k.fields.length === 0) throw new TypeError(`${what}: fields must not be empty`);
  for (const [key, v] of [["name", k.name], ["map", k.map]] as const)
    if (v !== undefined && (typeof v !== "string" || v.length === 0)) throw new TypeError(`${what}: ${key} must be a non-empty string`);
  return {
    kind,
    fields: k.fields.map((f, i) => keyColumn(f, `${what}.fields[${i}]`)),
    name: k.name ?? null,
    map: k.map ?? null,
    type: indexTypeOf(k.type, what),
    clustered: typeof k.clustered === "boolean" ? k.clustered : null,
  };
}

export function model<const N extends string, F extends FieldsShape>(name: N, fields: F, options: ModelOptions = {}): Model<N, F> {
  if (typeof name !== "string" || name.length === 0) throw new TypeError("model(name, fields) needs a model name");
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw new TypeError(`model("${name}", fields): fields must be an object of t.* builders`);
  if (typeof options !== "object" || options === null) throw new TypeError(`model("${name}", fields, options): options must be an object`);
  const defs: FieldDef[] = Object.entries(fields).map(([fieldName, builder]) => {
    if (!isFieldBuilder(builder)) throw new TypeError(`model("${name}"): field "${fieldName}" is not a t.* builder (got ${typeof builder}); write e.g. ${fieldName}: t.string()`);
    return { name: fieldName, ...structuredClone(builder.spec) } as FieldDef;
  });
  const keys: BlockKeySpec[] = [];
  const id = options.id === undefined ? null : keyOf("id", options.id, `model("${name}") option id`);
  if (id !== null && !Array.isArray(id)) keys.push(id);
  const lists = (kind: "unique" | "index", values: readonly unknown[] | undefined, option: string): string[][] => {
    const out: string[][] = [];
    for (const [i, value] of (values ?? []).entries()) {
      const key = keyOf(kind, value, `model("${name}") option ${option}[${i}]`);
      if (Array.isArray(key)) out.push(key);
      else keys.push(key);
    }
    return out;
  };
  const uniqueLists = lists("unique", options.unique, "unique");
  const indexes = lists("index", options.indexes, "indexes");
  for (const [i, f] of (options.fulltext ?? []).entries()) {
    const key = keyOf("fulltext", f, `model("${name}") option fulltext[${i}]`);
    keys.push(Array.isArray(key) ? { kind: "fulltext", fields: key.map((n) => ({ name: n, sort: null, length: null, ops: null })), name: null, map: null, type: null, clustered: null } : key);
  }
  for (const [key, v] of [["table", options.table], ["schema", options.schema], ["doc", options.doc]] as const)
    if (v !== undefined && typeof v !== "string") throw new TypeError(`model("${name}") option ${key} must be a string`);
  const def: ModelDef = {
    kind: MODEL_KIND,
    version: MODEL_DEF_VERSION,
    name,
    fields: defs,
    table: options.table ?? null,
    id: id === null ? null : Array.isArray(id) ? id : id.fields.map((f) => f.name),
    unique: uniqueLists,
    indexes,
    attributes: stringList(options.attributes ?? [], `model("${name}") option attributes`),
    keys,
    schema: options.schema ?? null,
    doc: options.doc ?? null,
    ignore: options.ignore === true,
  };
  return deepFreeze(def) as Model<N, F>;
}

/** True for anything made by model(), from this or any other copy of backant/model. */
export function isModel(value: unknown): value is ModelDef {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === MODEL_KIND;
}

import { FieldBuilder, RelationBuilder } from "./field-builder.js";
import type { EnumOptions, IdStrategy, KeyType, ReferentialAction, RelationFieldSpec, ScalarFieldSpec, ScalarType } from "./model-def.js";
import { isEnumType, type EnumType } from "./enum-type.js";
import type { DecimalValue, JsonValue, UnsupportedValue } from "./values.js";

function scalar<T>(type: ScalarType, patch: Partial<ScalarFieldSpec> = {}): FieldBuilder<T> {
  return new FieldBuilder<T>({
    kind: "scalar",
    type,
    list: false,
    id: null,
    length: null,
    precision: null,
    scale: null,
    enumName: null,
    enumValues: null,
    default: null,
    updatedAt: false,
    optional: false,
    unique: false,
    index: false,
    column: null,
    attributes: [],
    doc: null,
    ignore: false,
    native: null,
    unsupported: null,
    idOptions: null,
    uniqueOptions: null,
    indexOptions: null,
    enumOptions: null,
    ...patch,
  });
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new TypeError(`${what} must be a positive integer, got ${String(value)}`);
  return value;
}

export interface RelationOptions {
  /** Names the relation; needed when two models are related more than once. Both sides use the same name. */
  relationName?: string;
}

export interface BelongsToOptions extends RelationOptions {
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /** The relation may be empty: a nullable FK (added by backant), or an optional relation over declared FK fields. */
  optional?: boolean;
  /**
   * FK field name (default `${field}Id`, added by backant). When the model declares a scalar of that
   * name, that field is the foreign key; a list names several declared fields (composite key).
   */
  foreignKey?: string | readonly string[];
  /** The target's referenced field(s); default its id. */
  references?: string | readonly string[];
  /** Name of the foreign key constraint in the database (Prisma's `map:`). */
  map?: string;
  /** Type of the FK in the row type (default "int"); checked against the target's id. */
  keyType?: KeyType;
}

type KeyOf<O> = O extends { keyType: "string" } ? string : O extends { keyType: "bigint" } ? bigint : number;
/** The FK field's name; a list of declared fields adds no column of its own ("" never names a field). */
type FkOf<O> = O extends { foreignKey: infer F extends string } ? F : O extends { foreignKey: readonly string[] } ? "" : null;
type OptionalOf<O> = O extends { optional: true } ? true : false;

function relation(relation: RelationFieldSpec["relation"], target: string, options: BelongsToOptions = {}): RelationFieldSpec {
  if (typeof target !== "string" || target.length === 0) throw new TypeError(`t.${relation}() needs the target model name, got ${String(target)}`);
  if (typeof options !== "object" || options === null) throw new TypeError(`t.${relation}("${target}", options): options must be an object`);
  const list = (value: unknown, what: string): string[] | null => {
    if (value === undefined) return null;
    const items = typeof value === "string" ? [value] : value;
    if (!Array.isArray(items) || items.length === 0 || items.some((v) => typeof v !== "string" || v.length === 0))
      throw new TypeError(`t.${relation}("${target}", { ${what} }): ${what} must be a field name or a non-empty list of field names`);
    return [...(items as string[])];
  };
  const fields = Array.isArray(options.foreignKey) ? list(options.foreignKey, "foreignKey") : null;
  if (options.map !== undefined && (typeof options.map !== "string" || options.map.length === 0))
    throw new TypeError(`t.${relation}("${target}", { map }): map must be the constraint name`);
  return {
    kind: "relation",
    relation,
    target,
    relationName: options.relationName ?? null,
    onDelete: options.onDelete ?? null,
    onUpdate: options.onUpdate ?? null,
    foreignKey: typeof options.foreignKey === "string" ? options.foreignKey : null,
    keyType: options.keyType ?? null,
    optional: options.optional === true,
    unique: false,
    index: false,
    column: null,
    attributes: [],
    doc: null,
    ignore: false,
    fields,
    references: list(options.references, "references"),
    map: options.map ?? null,
  };
}

function id(): FieldBuilder<number>;
function id(strategy: "int"): FieldBuilder<number>;
function id(strategy: "bigint"): FieldBuilder<bigint>;
function id(strategy: "uuid" | "cuid"): FieldBuilder<string>;
function id(strategy: IdStrategy): FieldBuilder<number> | FieldBuilder<bigint> | FieldBuilder<string>;
function id(strategy: IdStrategy = "int"): FieldBuilder<number> | FieldBuilder<bigint> | FieldBuilder<string> {
  switch (strategy) {
    case "int":
      return scalar<number>("int", { id: "int", default: { kind: "autoincrement" } });
    case "bigint":
      return scalar<bigint>("bigint", { id: "bigint", default: { kind: "autoincrement" } });
    case "uuid":
    case "cuid":
      return scalar<string>("string", { id: strategy, default: { kind: strategy } });
    default:
      throw new TypeError(`t.id() takes "int", "bigint", "uuid" or "cuid", got ${String(strategy)}`);
  }
}

function enumField<const V extends readonly [string, ...string[]]>(type: EnumType<V>): FieldBuilder<V[number]>;
function enumField<const V extends readonly [string, ...string[]]>(name: string, values: V): FieldBuilder<V[number]>;
function enumField(nameOrType: string | EnumType<readonly [string, ...string[]]>, values?: readonly string[]): FieldBuilder<string> {
  if (isEnumType(nameOrType)) {
    const options: EnumOptions = { map: nameOrType.map, valueMaps: { ...nameOrType.valueMaps }, schema: nameOrType.schema, doc: nameOrType.doc };
    const plain = options.map === null && Object.keys(options.valueMaps).length === 0 && options.schema === null && options.doc === null;
    return scalar<string>("enum", { enumName: nameOrType.name, enumValues: [...nameOrType.values], enumOptions: plain ? null : options });
  }
  const name = nameOrType;
  if (typeof name !== "string" || name.length === 0) throw new TypeError("t.enum(name, values) needs an enum name, or an enum made with enumType()");
  if (!Array.isArray(values) || values.length === 0) throw new TypeError(`t.enum("${name}", values) needs a non-empty array of values`);
  return scalar<string>("enum", { enumName: name, enumValues: [...values] });
}

/** Field builders. Each returns an immutable builder; README.md ("Models") lists them with their Prisma mapping. */
export const t = {
  id,
  /** String; with a length, VARCHAR(length) on PostgreSQL and MySQL. */
  string: (length?: number) => scalar<string>("string", { length: length === undefined ? null : positiveInteger(length, "t.string(length)") }),
  text: () => scalar<string>("text"),
  int: () => scalar<number>("int"),
  bigint: () => scalar<bigint>("bigint"),
  float: () => scalar<number>("float"),
  decimal: (precision?: number, scale?: number) => {
    if (precision === undefined && scale !== undefined) throw new TypeError("t.decimal(precision, scale): scale needs a precision");
    const p = precision === undefined ? null : positiveInteger(precision, "t.decimal(precision)");
    const s = scale === undefined ? (p === null ? null : 0) : scale;
    if (s !== null && (!Number.isInteger(s) || s < 0 || (p !== null && s > p))) throw new TypeError(`t.decimal(${precision}, ${scale}): scale must be an integer between 0 and the precision`);
    return scalar<DecimalValue>("decimal", { precision: p, scale: s });
  },
  boolean: () => scalar<boolean>("boolean"),
  datetime: () => scalar<Date>("datetime"),
  /** A calendar date (DATE column on PostgreSQL and MySQL); the client still returns a Date. */
  date: () => scalar<Date>("date"),
  json: () => scalar<JsonValue>("json"),
  bytes: () => scalar<Uint8Array>("bytes"),
  enum: enumField,
  /** A UUID string: String @db.Uuid on PostgreSQL (the database checks the format). */
  uuid: () => scalar<string>("string", { native: { name: "Uuid", args: [] } }),
  /** A fixed-length string: CHAR(length) on PostgreSQL and MySQL. */
  char: (length: number) => scalar<string>("string", { native: { name: "Char", args: [positiveInteger(length, "t.char(length)")] } }),
  /** A column of a type Prisma cannot read or write, such as "tsvector": kept in the schema, left out of the client's values. */
  unsupported: (type: string) => {
    if (typeof type !== "string" || type.length === 0) throw new TypeError('t.unsupported(type) needs the database type, e.g. t.unsupported("tsvector")');
    return scalar<UnsupportedValue>("unsupported", { unsupported: type });
  },
  /** A list of scalars (PostgreSQL only). */
  list: <T>(of: FieldBuilder<T, false>): FieldBuilder<T[]> => {
    if (!(of instanceof FieldBuilder)) throw new TypeError("t.list() takes a scalar field builder, e.g. t.list(t.string())");
    const s = of.spec;
    if (s.list || s.id || s.optional || s.unique || s.index || s.default || s.column || s.attributes.length > 0 || s.updatedAt)
      throw new TypeError("t.list() takes a plain scalar builder; put modifiers on the list itself: t.list(t.int()).default([])");
    return new FieldBuilder<T[]>({ ...s, attributes: [], list: true });
  },
  belongsTo: <const O extends BelongsToOptions = {}>(target: string, options?: O) =>
    new RelationBuilder<true, FkOf<O>, KeyOf<O>, OptionalOf<O>>(relation("belongsTo", target, options)),
  hasOne: (target: string, options?: RelationOptions) => new RelationBuilder<false, null, never>(relation("hasOne", target, options)),
  hasMany: (target: string, options?: RelationOptions) => new RelationBuilder<false, null, never>(relation("hasMany", target, options)),
  manyToMany: (target: string, options?: RelationOptions) => new RelationBuilder<false, null, never>(relation("manyToMany", target, options)),
  /** DateTime @default(now()). */
  createdAt: () => scalar<Date>("datetime", { default: { kind: "now" } }),
  /** DateTime @updatedAt (set by the Prisma client on every update). */
  updatedAt: () => scalar<Date>("datetime", { updatedAt: true }),
};

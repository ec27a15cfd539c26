import type { BlockKeySpec, DefaultValue, FieldKeyOptions, FieldSpec, FieldValidation, IndexType, KeyType, RelationFieldSpec, ScalarFieldSpec, SortOrder } from "./model-def.js";
import { isDefaultFunction, type DefaultFunction } from "./defaults.js";
import type { DecimalValue } from "./values.js";

/** What .default() takes for a row type T: decimals also as strings or numbers, bigints as numbers, dates as ISO strings. */
export type DefaultInput<T> = T extends DecimalValue ? T | string | number : T extends bigint ? bigint | number : T extends Date ? Date | string : T;

function freezeSpec<S extends FieldSpec>(spec: S): Readonly<S> {
  Object.freeze(spec.attributes);
  if (spec.kind === "scalar" && spec.enumValues) Object.freeze(spec.enumValues);
  return Object.freeze(spec);
}

/** The argument of .map(), checked at run time: jiti loads model files without type-checking them. */
function columnArgument(column: unknown): string {
  if (typeof column !== "string" || column.length === 0) throw new TypeError(`.map() needs a non-empty column name, got ${String(column)}`);
  return column;
}

/** The argument of .attr(), trimmed. */
function attributeArgument(raw: unknown): string {
  if (typeof raw !== "string" || !raw.trim().startsWith("@")) throw new TypeError(`.attr() needs a Prisma field attribute starting with "@", got ${String(raw)}`);
  return raw.trim();
}

/** The argument of .doc(): documentation text (`///` lines in the schema). */
function docArgument(text: unknown): string {
  if (typeof text !== "string") throw new TypeError(`.doc() needs a string, got ${String(text)}`);
  return text;
}

export interface KeyOptions {
  /** Constraint or index name in the database. */
  map?: string;
  sort?: SortOrder;
  /** MySQL: prefix length of an indexed string. */
  length?: number;
  /** SQL Server only. */
  clustered?: boolean;
}

export interface IndexOptions extends KeyOptions {
  /** Index method (PostgreSQL: BTree, Hash, Gist, Gin, SpGist, Brin). */
  type?: IndexType;
  /** PostgreSQL operator class, e.g. "JsonbPathOps" or "gin_trgm_ops". */
  ops?: string;
}

const SORT = ["asc", "desc"];
const INDEX_TYPES = ["BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"];

function optionalString(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length === 0) throw new TypeError(`${what} must be a non-empty string, got ${String(value)}`);
  return value;
}

/** Checks key options at run time (jiti loads model files without type-checking them). */
export function keyOptionsOf(options: unknown, what: string): FieldKeyOptions {
  if (options === undefined) return { map: null, sort: null, length: null, clustered: null };
  if (typeof options !== "object" || options === null) throw new TypeError(`${what} options must be an object`);
  const o = options as KeyOptions;
  if (o.sort !== undefined && !SORT.includes(o.sort)) throw new TypeError(`${what}: sort must be "asc" or "desc", got ${String(o.sort)}`);
  if (o.length !== undefined && (!Number.isInteger(o.length) || o.length < 1)) throw new TypeError(`${what}: length must be a positive integer, got ${String(o.length)}`);
  if (o.clustered !== undefined && typeof o.clustered !== "boolean") throw new TypeError(`${what}: clustered must be true or false`);
  return { map: optionalString(o.map, `${what}: map`), sort: o.sort ?? null, length: o.length ?? null, clustered: o.clustered ?? null };
}

export function indexTypeOf(type: unknown, what: string): IndexType | null {
  if (type === undefined || type === null) return null;
  if (typeof type !== "string" || !INDEX_TYPES.includes(type)) throw new TypeError(`${what}: type must be one of ${INDEX_TYPES.join(", ")}, got ${String(type)}`);
  return type as IndexType;
}

/**
 * A scalar column. Immutable: every modifier returns a new builder, so a shared builder
 * (`const money = t.decimal(10, 2)`) can be reused across fields and models safely.
 * Type parameters: T is the row value type, O whether the field is optional (row type `T | null`).
 */
export class FieldBuilder<T, O extends boolean = false> {
  declare readonly __value?: T;
  declare readonly __optional?: O;
  readonly spec: Readonly<ScalarFieldSpec>;

  constructor(spec: ScalarFieldSpec) {
    this.spec = freezeSpec(spec);
  }

  private with(patch: Partial<ScalarFieldSpec>): ScalarFieldSpec {
    return { ...this.spec, attributes: [...this.spec.attributes], ...patch };
  }

  optional(): FieldBuilder<T, true> {
    return new FieldBuilder<T, true>(this.with({ optional: true }));
  }

  /** A unique constraint on this column; options name it (`map`) or set its sort and prefix length. */
  unique(options?: KeyOptions): FieldBuilder<T, O> {
    const keyOptions = keyOptionsOf(options, ".unique()");
    return new FieldBuilder<T, O>(this.with({ unique: true, uniqueOptions: options === undefined ? null : keyOptions }));
  }

  /** An index on this column (@@index([field])); options name it, choose its type, sort or operator class. */
  index(options?: IndexOptions): FieldBuilder<T, O> {
    if (options === undefined) return new FieldBuilder<T, O>(this.with({ index: true, indexOptions: null }));
    const key = keyOptionsOf(options, ".index()");
    const indexOptions: ScalarFieldSpec["indexOptions"] = {
      map: key.map,
      sort: key.sort,
      length: key.length,
      clustered: key.clustered,
      type: indexTypeOf(options.type, ".index()"),
      ops: optionalString(options.ops, ".index(): ops"),
    } satisfies Omit<BlockKeySpec, "kind" | "fields" | "name"> & { sort: SortOrder | null; length: number | null; ops: string | null };
    return new FieldBuilder<T, O>(this.with({ index: true, indexOptions }));
  }

  /**
   * Makes this column the primary key (@id) without choosing its value: `t.string().id()` for a
   * key the caller supplies, `t.string().id().default(uuid())` for a generated one. t.id() is the
   * usual auto-increment or generated key.
   */
  id(options?: KeyOptions): FieldBuilder<T, O> {
    const keyOptions = keyOptionsOf(options, ".id()");
    return new FieldBuilder<T, O>(this.with({ id: this.spec.id ?? "manual", idOptions: options === undefined ? null : keyOptions }));
  }

  /** The column's native database type, e.g. .native("Timestamptz", 6) -> @db.Timestamptz(6); checked against the provider. */
  native(name: string, ...args: Array<string | number>): FieldBuilder<T, O> {
    if (typeof name !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new TypeError(`.native() needs a native type name such as "Timestamptz", got ${String(name)}`);
    for (const a of args) if (typeof a !== "string" && typeof a !== "number") throw new TypeError(`.native("${name}", ...) arguments must be numbers or strings`);
    return new FieldBuilder<T, O>(this.with({ native: { name, args: [...args] } }));
  }

  /** Documentation, written as `///` lines above the field (and shown in the Prisma Client's types). */
  doc(text: string): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ doc: docArgument(text) }));
  }

  /** @ignore: the column stays in the database, the Prisma Client leaves it out. */
  ignore(): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ ignore: true }));
  }

  /** @updatedAt: the Prisma Client sets the column to the current time on every update (datetime only). */
  updatedAt(): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ updatedAt: true }));
  }

  /** Column name in the database (default: snake_case of the field name). */
  map(column: string): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ column: columnArgument(column) }));
  }

  /** Escape hatch: a raw Prisma field attribute such as `@db.Char(2)`, emitted verbatim. */
  attr(raw: string): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ attributes: [...this.spec.attributes, attributeArgument(raw)] }));
  }

  default(value: DefaultInput<T> | DefaultFunction): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ default: toDefaultValue(value, this.spec) }));
  }

  /** Requests must send at least n characters (string and text fields). */
  minLength(n: number): FieldBuilder<T, O> {
    return this.validated(".minLength()", TEXT_TYPES, { minLength: lengthArgument(n, ".minLength()") });
  }

  /** Requests may send at most n characters (string and text fields); t.string(n) already caps at n. */
  maxLength(n: number): FieldBuilder<T, O> {
    return this.validated(".maxLength()", TEXT_TYPES, { maxLength: lengthArgument(n, ".maxLength()") });
  }

  /** The smallest value requests may send (int and float fields). */
  min(n: number): FieldBuilder<T, O> {
    return this.validated(".min()", NUMBER_TYPES, { minimum: numberArgument(n, ".min()") });
  }

  /** The largest value requests may send (int and float fields). */
  max(n: number): FieldBuilder<T, O> {
    return this.validated(".max()", NUMBER_TYPES, { maximum: numberArgument(n, ".max()") });
  }

  /** A regular expression the whole value must match, e.g. .pattern(/^[A-Z]{2}$/) (string and text fields). */
  pattern(re: RegExp | string): FieldBuilder<T, O> {
    return this.validated(".pattern()", TEXT_TYPES, { pattern: patternArgument(re) });
  }

  /** The value must be an email address (string and text fields). */
  email(): FieldBuilder<T, O> {
    return this.validated(".email()", TEXT_TYPES, { format: "email" });
  }

  /** The value must be an absolute URL (string and text fields). */
  url(): FieldBuilder<T, O> {
    return this.validated(".url()", TEXT_TYPES, { format: "uri" });
  }

  private validated(what: string, types: readonly string[], patch: Partial<FieldValidation>): FieldBuilder<T, O> {
    if (!types.includes(this.spec.type)) throw new TypeError(`${what} applies to ${types.join(", ")} fields, not ${this.spec.type}`);
    const validation: FieldValidation = { ...NO_VALIDATION, ...this.spec.validation, ...patch };
    if (validation.minLength !== null && validation.maxLength !== null && validation.minLength > validation.maxLength) throw new TypeError(`${what}: minLength ${validation.minLength} is above maxLength ${validation.maxLength}`);
    if (validation.minimum !== null && validation.maximum !== null && validation.minimum > validation.maximum) throw new TypeError(`${what}: min ${validation.minimum} is above max ${validation.maximum}`);
    return new FieldBuilder<T, O>(this.with({ validation }));
  }
}

const TEXT_TYPES = ["string", "text"] as const;
// Not decimal: its strings ("12.50") escape a JSON Schema minimum, so a bound would hold for numbers only.
const NUMBER_TYPES = ["int", "float"] as const;
const NO_VALIDATION: FieldValidation = { minLength: null, maxLength: null, minimum: null, maximum: null, pattern: null, format: null };

function lengthArgument(n: unknown, what: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new TypeError(`${what} needs a whole number of characters (0 or more), got ${String(n)}`);
  return n;
}

function numberArgument(n: unknown, what: string): number {
  if (typeof n !== "number" || !Number.isFinite(n)) throw new TypeError(`${what} needs a finite number, got ${String(n)}`);
  return n;
}

/** Flags cannot travel in a JSON Schema pattern: a RegExp with flags is refused rather than half-applied. */
function patternArgument(re: unknown): string {
  if (re instanceof RegExp) {
    if (re.flags.replace("u", "") !== "") throw new TypeError(`.pattern() cannot keep the flags of ${String(re)}: write the pattern without flags (e.g. [A-Za-z] instead of /i)`);
    return re.source;
  }
  if (typeof re !== "string" || re.length === 0) throw new TypeError(`.pattern() needs a RegExp or a non-empty regular expression string, got ${String(re)}`);
  try {
    new RegExp(re, "u");
  } catch (error) {
    throw new TypeError(`.pattern() got an invalid regular expression: ${(error as Error).message}`);
  }
  return re;
}

function toDefaultValue(value: unknown, spec: ScalarFieldSpec): DefaultValue {
  if (isDefaultFunction(value)) {
    const name = value.__backantDefault;
    const args = [...(value.args ?? [])];
    if (args.length === 0 && (name === "now" || name === "uuid" || name === "cuid" || name === "autoincrement")) return { kind: name };
    return { kind: "call", name, args };
  }
  if (spec.type === "json" && !spec.list) {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(".default() on a json field needs a JSON value");
    return { kind: "json", value: text };
  }
  if (Array.isArray(value)) return { kind: "literal", value: value.map(toLiteral) };
  return { kind: "literal", value: toLiteral(value) };
}

function toLiteral(value: unknown): string | number | boolean {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`.default() needs a finite number, got ${value}`);
    return value;
  }
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(".default() got an invalid Date");
    return value.toISOString();
  }
  // Decimal-like objects (decimal.js) render through their string form.
  if (typeof value === "object" && value !== null && typeof (value as { toFixed?: unknown }).toFixed === "function") return String(value);
  throw new TypeError(`.default() does not accept ${value === null ? "null" : typeof value}; use .optional() for a NULL default`);
}

/**
 * A relation field. Type parameters: B whether it is a belongsTo (adds a FK to the row type),
 * FK the FK field name, K the FK value type, O whether the relation (and its FK) is optional.
 */
export class RelationBuilder<B extends boolean, FK extends string | null, K, O extends boolean = false> {
  declare readonly __belongsTo?: B;
  declare readonly __foreignKey?: FK;
  declare readonly __key?: K;
  declare readonly __optional?: O;
  readonly spec: Readonly<RelationFieldSpec>;

  constructor(spec: RelationFieldSpec) {
    this.spec = freezeSpec(spec);
  }

  private with(patch: Partial<RelationFieldSpec>): RelationFieldSpec {
    return { ...this.spec, attributes: [...this.spec.attributes], ...patch };
  }

  /** belongsTo only: the FK may be NULL. */
  optional(): RelationBuilder<B, FK, K, true> {
    return new RelationBuilder<B, FK, K, true>(this.with({ optional: true }));
  }

  /** belongsTo only: a unique FK, which makes the relation one-to-one. */
  unique(): RelationBuilder<B, FK, K, O> {
    return new RelationBuilder<B, FK, K, O>(this.with({ unique: true }));
  }

  /** belongsTo only: FK column name (default: snake_case of the FK field name). */
  map(column: string): RelationBuilder<B, FK, K, O> {
    return new RelationBuilder<B, FK, K, O>(this.with({ column: columnArgument(column) }));
  }

  /** belongsTo only; FKs are indexed already, so this only matters for an explicitly unindexed design. */
  index(): RelationBuilder<B, FK, K, O> {
    return new RelationBuilder<B, FK, K, O>(this.with({ index: true }));
  }

  /** belongsTo only: a raw Prisma attribute for the FK field (e.g. `@db.Char(26)`). */
  attr(raw: string): RelationBuilder<B, FK, K, O> {
    return new RelationBuilder<B, FK, K, O>(this.with({ attributes: [...this.spec.attributes, attributeArgument(raw)] }));
  }

  /** Documentation, written as `///` lines above the relation field. */
  doc(text: string): RelationBuilder<B, FK, K, O> {
    return new RelationBuilder<B, FK, K, O>(this.with({ doc: docArgument(text) }));
  }

  /** @ignore on the relation field. */
  ignore(): RelationBuilder<B, FK, K, O> {
    return new RelationBuilder<B, FK, K, O>(this.with({ ignore: true }));
  }
}

export type AnyFieldBuilder = FieldBuilder<any, boolean> | RelationBuilder<boolean, string | null, any, boolean>;

export function isFieldBuilder(value: unknown): value is AnyFieldBuilder {
  return value instanceof FieldBuilder || value instanceof RelationBuilder;
}

export type { KeyType };

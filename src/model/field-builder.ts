import type { DefaultValue, FieldSpec, KeyType, RelationFieldSpec, ScalarFieldSpec } from "./model-def.js";
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

  unique(): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ unique: true }));
  }

  index(): FieldBuilder<T, O> {
    return new FieldBuilder<T, O>(this.with({ index: true }));
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
}

function toDefaultValue(value: unknown, spec: ScalarFieldSpec): DefaultValue {
  if (isDefaultFunction(value)) return { kind: value.__backantDefault };
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
}

export type AnyFieldBuilder = FieldBuilder<any, boolean> | RelationBuilder<boolean, string | null, any, boolean>;

export function isFieldBuilder(value: unknown): value is AnyFieldBuilder {
  return value instanceof FieldBuilder || value instanceof RelationBuilder;
}

export type { KeyType };

/**
 * The plain data a model file produces. Everything here survives JSON.stringify unchanged (no
 * undefined, no classes, no bigint), so a ModelSet can be cached, diffed and shipped in --report.
 */

export const MODEL_KIND = "backant.model";
/** Bumped when the shape below changes, so a project's older backant/model copy is refused clearly. */
export const MODEL_DEF_VERSION = 1;

export type ScalarType =
  | "string"
  | "text"
  | "int"
  | "bigint"
  | "float"
  | "decimal"
  | "boolean"
  | "datetime"
  | "date"
  | "json"
  | "bytes"
  | "enum";

export type RelationKind = "belongsTo" | "hasOne" | "hasMany" | "manyToMany";
export type ReferentialAction = "cascade" | "restrict" | "noAction" | "setNull" | "setDefault";
export type KeyType = "int" | "bigint" | "string";
export type IdStrategy = "int" | "bigint" | "uuid" | "cuid";

export type LiteralValue = string | number | boolean;

export type DefaultValue =
  /** Literals as given; bigint and Date values are stored as strings (digits / ISO 8601). */
  | { kind: "literal"; value: LiteralValue | LiteralValue[] }
  /** A Json default, stored as its JSON text. */
  | { kind: "json"; value: string }
  | { kind: "now" }
  | { kind: "uuid" }
  | { kind: "cuid" }
  | { kind: "autoincrement" };

interface FieldCommon {
  optional: boolean;
  unique: boolean;
  index: boolean;
  /** Column name from .map(); null means snake_case of the field name. */
  column: string | null;
  /** Raw Prisma field attributes from .attr(), emitted verbatim. */
  attributes: string[];
}

export interface ScalarFieldSpec extends FieldCommon {
  kind: "scalar";
  type: ScalarType;
  list: boolean;
  /** Set by t.id(): the field is the model's primary key. */
  id: IdStrategy | null;
  length: number | null;
  precision: number | null;
  scale: number | null;
  enumName: string | null;
  enumValues: string[] | null;
  default: DefaultValue | null;
  updatedAt: boolean;
}

export interface RelationFieldSpec extends FieldCommon {
  kind: "relation";
  relation: RelationKind;
  target: string;
  relationName: string | null;
  onDelete: ReferentialAction | null;
  onUpdate: ReferentialAction | null;
  /** belongsTo only: FK field name; null means `${field}Id`. */
  foreignKey: string | null;
  /** belongsTo only: declared type of the FK, checked against the target's id. */
  keyType: KeyType | null;
}

export type FieldSpec = ScalarFieldSpec | RelationFieldSpec;
export type ScalarFieldDef = ScalarFieldSpec & { name: string };
export type RelationFieldDef = RelationFieldSpec & { name: string };
export type FieldDef = ScalarFieldDef | RelationFieldDef;

export interface ModelDef {
  kind: typeof MODEL_KIND;
  version: number;
  name: string;
  /** In declaration order. */
  fields: FieldDef[];
  /** @@map; null means snake_case of the model name. */
  table: string | null;
  /** Composite @@id field names (relation names allowed: they resolve to FK fields). */
  id: string[] | null;
  unique: string[][];
  indexes: string[][];
  /** Raw Prisma block attributes, emitted verbatim. */
  attributes: string[];
}

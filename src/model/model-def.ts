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
  | "enum"
  /** A column type Prisma cannot read or write (`Unsupported("tsvector")`); the type text is in `unsupported`. */
  | "unsupported";

export type RelationKind = "belongsTo" | "hasOne" | "hasMany" | "manyToMany";
export type ReferentialAction = "cascade" | "restrict" | "noAction" | "setNull" | "setDefault";
export type KeyType = "int" | "bigint" | "string";
/**
 * How the primary key gets its value: the t.id() strategies, or "manual" for `.id()` on any scalar
 * (the value comes from its default, if any, or from the caller).
 */
export type IdStrategy = "int" | "bigint" | "uuid" | "cuid" | "manual";

export type LiteralValue = string | number | boolean;

export type DefaultValue =
  /** Literals as given; bigint and Date values are stored as strings (digits / ISO 8601). */
  | { kind: "literal"; value: LiteralValue | LiteralValue[] }
  /** A Json default, stored as its JSON text. */
  | { kind: "json"; value: string }
  | { kind: "now" }
  | { kind: "uuid" }
  | { kind: "cuid" }
  | { kind: "autoincrement" }
  /**
   * Any other default function, rendered as `name(args)`: uuid(7), cuid(2), nanoid(16), ulid(),
   * dbgenerated("gen_random_uuid()"), sequence(). String arguments are quoted.
   */
  | { kind: "call"; name: string; args: Array<string | number> };

export type SortOrder = "asc" | "desc";

/** Options of a single-field @id or @unique (names and storage of the constraint). */
export interface FieldKeyOptions {
  /** Constraint name in the database (`map:`). */
  map: string | null;
  sort: SortOrder | null;
  /** MySQL: index prefix length. */
  length: number | null;
  /** SQL Server only; kept so no schema option is lost. */
  clustered: boolean | null;
}

/** One column of a composite key or index, with its per-column options. */
export interface KeyFieldSpec {
  name: string;
  sort: SortOrder | null;
  length: number | null;
  /** PostgreSQL operator class: a Prisma name such as "JsonbPathOps", or any other (rendered raw("...")). */
  ops: string | null;
}

/** Index methods Prisma knows (`type:` of @@index). */
export type IndexType = "BTree" | "Hash" | "Gist" | "Gin" | "SpGist" | "Brin";

/** A block-level key or index with options: @@id, @@unique, @@index or @@fulltext. */
export interface BlockKeySpec {
  kind: "id" | "unique" | "index" | "fulltext";
  fields: KeyFieldSpec[];
  /** Name in the Prisma Client API (`name:` of @@id / @@unique). */
  name: string | null;
  /** Name in the database (`map:`). */
  map: string | null;
  type: IndexType | null;
  clustered: boolean | null;
}

/** A native database type (`@db.Name(args)`), e.g. { name: "Timestamptz", args: [6] }. */
export interface NativeType {
  name: string;
  args: Array<string | number>;
}

/** What an enum declares beyond its values: database names, schema, documentation. */
export interface EnumOptions {
  /** Database name of the enum type (@@map); null follows the project's naming. */
  map: string | null;
  /** Value -> database name (@map of a value). */
  valueMaps: Record<string, string>;
  /** PostgreSQL schema (@@schema) with multiple schemas. */
  schema: string | null;
  /** Documentation comment (`///`). */
  doc: string | null;
}

interface FieldCommon {
  optional: boolean;
  unique: boolean;
  index: boolean;
  /** Column name from .map(); null means snake_case of the field name. */
  column: string | null;
  /** Raw Prisma field attributes from .attr(), emitted verbatim. */
  attributes: string[];
  /** Documentation comment (`///` above the field; shown in the Prisma Client's types). */
  doc: string | null;
  /** @ignore: the field stays in the database but not in the Prisma Client. */
  ignore: boolean;
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
  /** Native type chosen with .native() (or t.uuid(), t.char(n) ...); null means what the type implies. */
  native: NativeType | null;
  /** For type "unsupported": the database type text of Unsupported("..."). */
  unsupported: string | null;
  /** Options of the @id (map, sort ...), when given. */
  idOptions: FieldKeyOptions | null;
  /** Options of the @unique, when given. */
  uniqueOptions: FieldKeyOptions | null;
  /** Options of the single-field index from .index(options). */
  indexOptions: Omit<BlockKeySpec, "kind" | "fields" | "name"> & { sort: SortOrder | null; length: number | null; ops: string | null } | null;
  /** For enums: database names, schema and documentation of the enum type. */
  enumOptions: EnumOptions | null;
  /**
   * What the API accepts beyond the column's type (.minLength(), .max(), .email() ...): checked on
   * request bodies and shown in the OpenAPI document, never in the database schema. Optional so that
   * model objects made by an older backant/model (without it) still load.
   */
  validation?: FieldValidation | null;
}

/** Request checks of a scalar field, in JSON Schema terms (the runtime copies them into the body schemas). */
export interface FieldValidation {
  minLength: number | null;
  maxLength: number | null;
  minimum: number | null;
  maximum: number | null;
  /** A regular expression source (ECMAScript, as ajv runs it), without slashes or flags. */
  pattern: string | null;
  format: "email" | "uri" | null;
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
  /**
   * belongsTo only: the foreign key fields the model declares itself (`foreignKey: ["a", "b"]`, or a
   * `foreignKey: "userId"` naming a declared scalar). null: backant adds the FK field.
   */
  fields: string[] | null;
  /** belongsTo only: the referenced fields of the target (default: its id). */
  references: string[] | null;
  /** belongsTo only: the foreign key constraint's name in the database (`map:`). */
  map: string | null;
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
  /** Keys and indexes given with options ({ fields, name, map, type, ... }), after the simple ones. */
  keys: BlockKeySpec[];
  /** PostgreSQL schema (@@schema) with multiple schemas. */
  schema: string | null;
  /** Documentation comment (`///` above the model). */
  doc: string | null;
  /** @@ignore: the table stays in the database but not in the Prisma Client. */
  ignore: boolean;
}

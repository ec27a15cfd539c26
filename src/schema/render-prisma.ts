import type { BlockKeySpec, DefaultValue, FieldKeyOptions, KeyFieldSpec, LiteralValue, NativeType, ReferentialAction, ScalarFieldDef } from "../model/model-def.js";
import { columnNameOf, enumDatabaseName, tableNameOf } from "./model-checks.js";
import { modelKeys } from "./model-keys.js";
import { analyzeModelSet, findModel, idFieldOf, type EnumDef, type ModelEntry, type ModelSet } from "./model-set.js";
import type { DatasourceOptions, GeneratorValue, Provider } from "../project/config.js";
import { roleOf, type OwnerSide, type RelationPlan, type RelationRole } from "./relations.js";

export interface RenderOptions {
  provider: Provider;
  /** Shown in the header comment; default "src/models". */
  modelsDir?: string;
  /** relationMode and schemas of the datasource block (package.json "backant.datasource"). */
  datasource?: DatasourceOptions;
  /** More options of the client generator (package.json "backant.generator"). */
  generator?: Readonly<Record<string, GeneratorValue>>;
}

/** Where a line of the schema comes from: a model (and field) of a model file, for error messages. */
export interface LineOrigin {
  model: ModelEntry;
  field?: string;
}

/** One line of a model block before alignment: name, type, attributes. */
interface Line {
  name: string;
  type: string;
  attributes: string[];
  doc?: string | null;
  field?: string;
}

const PRISMA_TYPE: Record<Exclude<ScalarFieldDef["type"], "unsupported">, string> = {
  string: "String",
  text: "String",
  int: "Int",
  bigint: "BigInt",
  float: "Float",
  decimal: "Decimal",
  boolean: "Boolean",
  datetime: "DateTime",
  date: "DateTime",
  json: "Json",
  bytes: "Bytes",
  enum: "",
};

const ACTION: Record<ReferentialAction, string> = {
  cascade: "Cascade",
  restrict: "Restrict",
  noAction: "NoAction",
  setNull: "SetNull",
  setDefault: "SetDefault",
};

function nativeAttribute(native: NativeType): string {
  return `@db.${native.name}${native.args.length === 0 ? "" : `(${native.args.map(String).join(", ")})`}`;
}

/**
 * Native column types, chosen to match what Rails and Laravel create for the same declarations:
 * string(n) is VARCHAR(n), text is TEXT, decimal(p, s) is DECIMAL(p, s), date is DATE, and a uuid
 * id is PostgreSQL's UUID type. datetime keeps Prisma's default (timestamp(3) without time zone on
 * PostgreSQL, DATETIME(3) on MySQL), like Rails' timestamp columns; the client always writes UTC.
 * Use .native("Timestamptz", 3) for a zone-aware column. SQLite has no native types.
 */
function nativeType(field: ScalarFieldDef, provider: Provider): string | null {
  if (provider === "sqlite") return null;
  if (field.native !== null) return nativeAttribute(field.native);
  switch (field.type) {
    case "string":
      if (field.id === "uuid" && provider === "postgresql") return "@db.Uuid";
      return field.length === null ? null : `@db.VarChar(${field.length})`;
    case "text":
      return "@db.Text";
    case "decimal":
      return field.precision === null ? null : `@db.Decimal(${field.precision}, ${field.scale ?? 0})`;
    case "date":
      return "@db.Date";
    default:
      return null;
  }
}

/** A number as Prisma's grammar accepts it: no exponent notation. */
function plainNumber(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

function literal(field: ScalarFieldDef, value: LiteralValue): string {
  switch (field.type) {
    case "enum":
      return String(value);
    case "int":
    case "bigint":
    case "float":
    case "decimal":
      return typeof value === "number" ? plainNumber(value) : String(value);
    case "boolean":
      return String(value);
    default:
      return JSON.stringify(String(value));
  }
}

function defaultAttribute(field: ScalarFieldDef, value: DefaultValue): string {
  switch (value.kind) {
    case "now":
    case "uuid":
    case "cuid":
    case "autoincrement":
      return `@default(${value.kind}())`;
    case "call":
      return `@default(${value.name}(${value.args.map((a) => (typeof a === "number" ? plainNumber(a) : JSON.stringify(a))).join(", ")}))`;
    case "json":
      return `@default(${JSON.stringify(value.value)})`;
    case "literal":
      return Array.isArray(value.value) ? `@default([${value.value.map((v) => literal(field, v)).join(", ")}])` : `@default(${literal(field, value.value)})`;
  }
}

const hasNativeAttr = (attributes: readonly string[]): boolean => attributes.some((a) => a.startsWith("@db."));

function mapAttribute(name: string, column: string): string[] {
  return column === name ? [] : [`@map(${JSON.stringify(column)})`];
}

const SORT = { asc: "Asc", desc: "Desc" } as const;

/** `name: value` arguments of a key attribute, in Prisma's order; empty when nothing is set. */
function keyArguments(options: Partial<FieldKeyOptions> & { name?: string | null; type?: string | null }): string[] {
  const args: string[] = [];
  if (options.name) args.push(`name: ${JSON.stringify(options.name)}`);
  if (options.map) args.push(`map: ${JSON.stringify(options.map)}`);
  if (options.type) args.push(`type: ${options.type}`);
  if (options.length != null) args.push(`length: ${options.length}`);
  if (options.sort) args.push(`sort: ${SORT[options.sort]}`);
  if (options.clustered != null) args.push(`clustered: ${options.clustered}`);
  return args;
}

function fieldKeyAttribute(name: "@id" | "@unique", options: FieldKeyOptions | null): string {
  const args = options === null ? [] : keyArguments(options);
  return args.length === 0 ? name : `${name}(${args.join(", ")})`;
}

/** Prisma's own operator class names; anything else is a database name, given as raw("..."). */
const PRISMA_OPS = /^[A-Z][A-Za-z0-9]*Ops$/;

function keyColumn(c: KeyFieldSpec): string {
  const args: string[] = [];
  if (c.length !== null) args.push(`length: ${c.length}`);
  if (c.sort !== null) args.push(`sort: ${SORT[c.sort]}`);
  if (c.ops !== null) args.push(`ops: ${PRISMA_OPS.test(c.ops) ? c.ops : `raw(${JSON.stringify(c.ops)})`}`);
  return args.length === 0 ? c.name : `${c.name}(${args.join(", ")})`;
}

function blockAttribute(b: BlockKeySpec): string {
  const name = { id: "@@id", unique: "@@unique", index: "@@index", fulltext: "@@fulltext" }[b.kind];
  const args = [`[${b.fields.map(keyColumn).join(", ")}]`, ...keyArguments({ name: b.name, map: b.map, type: b.type, clustered: b.clustered })];
  return `${name}(${args.join(", ")})`;
}

function scalarLine(field: ScalarFieldDef, model: ModelEntry, provider: Provider, keys: ReturnType<typeof modelKeys>): Line {
  const base = field.type === "enum" ? field.enumName! : field.type === "unsupported" ? `Unsupported(${JSON.stringify(field.unsupported ?? "")})` : PRISMA_TYPE[field.type];
  const type = base + (field.list ? "[]" : field.optional ? "?" : "");
  const attributes: string[] = [];
  if (field.id !== null) attributes.push(fieldKeyAttribute("@id", field.idOptions));
  if (field.default !== null) attributes.push(defaultAttribute(field, field.default));
  const unique = keys.uniqueFields.find((u) => u.field === field.name);
  if (unique) attributes.push(fieldKeyAttribute("@unique", unique.options));
  if (field.updatedAt) attributes.push("@updatedAt");
  attributes.push(...mapAttribute(field.name, columnNameOf(field, model.naming)));
  const native = nativeType(field, provider);
  if (native !== null && !hasNativeAttr(field.attributes)) attributes.push(native);
  attributes.push(...field.attributes);
  if (field.ignore) attributes.push("@ignore");
  return { name: field.name, type, attributes, doc: field.doc, field: field.name };
}

function relationAttribute(name: string | null, extra: string[]): string[] {
  const args = [...(name === null ? [] : [JSON.stringify(name)]), ...extra];
  return args.length === 0 ? [] : [`@relation(${args.join(", ")})`];
}

/** The relation field and, unless the model declares them, its FK field for the owning side of a one-to-one or one-to-many relation. */
function ownerLines(set: ModelSet, owner: OwnerSide, target: string, name: string | null, provider: Provider, keys: ReturnType<typeof modelKeys>): Line[] {
  const args = [`fields: [${owner.fkFields.join(", ")}]`, `references: [${owner.references.join(", ")}]`];
  if (owner.onDelete !== null) args.push(`onDelete: ${ACTION[owner.onDelete]}`);
  if (owner.onUpdate !== null) args.push(`onUpdate: ${ACTION[owner.onUpdate]}`);
  if (owner.map !== null) args.push(`map: ${JSON.stringify(owner.map)}`);
  const declared = owner.declared;
  const relationLine: Line = {
    name: owner.field,
    type: target + (owner.optional ? "?" : ""),
    attributes: [...relationAttribute(name, args), ...(declared?.ignore ? ["@ignore"] : [])],
    doc: declared?.doc ?? null,
    field: owner.field,
  };
  if (owner.fkDeclared) return [relationLine];
  // The FK copies the referenced id's column type, or the database refuses the constraint.
  const id = idFieldOf(findModel(set, target)!)!;
  const fkAttributes: string[] = [];
  if (keys.uniqueFields.some((u) => u.field === owner.fk)) fkAttributes.push("@unique");
  fkAttributes.push(...mapAttribute(owner.fk, owner.fkColumn));
  const extra = declared?.attributes ?? [];
  if (!hasNativeAttr(extra)) {
    const native = hasNativeAttr(id.attributes) ? id.attributes.filter((a) => a.startsWith("@db.")) : [nativeType(id, provider)].filter((a): a is string => a !== null);
    fkAttributes.push(...native);
  }
  fkAttributes.push(...extra);
  const fkLine: Line = { name: owner.fk, type: PRISMA_TYPE[id.type as Exclude<ScalarFieldDef["type"], "unsupported">] + (owner.optional ? "?" : ""), attributes: fkAttributes, field: owner.field };
  return [relationLine, fkLine];
}

function relationLines(set: ModelSet, model: ModelEntry, field: string, role: RelationRole, provider: Provider, keys: ReturnType<typeof modelKeys>): Line[] {
  const r = role.relation;
  const declared = model.fields.find((f) => f.name === field);
  const extra = { doc: declared?.doc ?? null, field };
  const ignore = declared?.ignore ? ["@ignore"] : [];
  if (r.kind === "manyToMany") {
    const other = role.role === "side0" ? r.sides[1] : r.sides[0];
    return [{ name: field, type: `${other.model}[]`, attributes: [...relationAttribute(r.name, []), ...ignore], ...extra }];
  }
  if (role.role === "owner") return ownerLines(set, r.owner, r.inverse.model, r.name, provider, keys);
  return [{ name: field, type: r.owner.model + (r.inverse.list ? "[]" : "?"), attributes: [...relationAttribute(r.name, []), ...ignore], ...extra }];
}

function blockAttributes(model: ModelEntry, keys: ReturnType<typeof modelKeys>): string[] {
  const out: string[] = [];
  if (keys.compositeId !== null) out.push(blockAttribute(keys.compositeId));
  for (const b of keys.blocks) out.push(blockAttribute(b));
  const table = tableNameOf(model);
  if (table !== model.name) out.push(`@@map(${JSON.stringify(table)})`);
  if (model.schema !== null) out.push(`@@schema(${JSON.stringify(model.schema)})`);
  if (model.ignore) out.push("@@ignore");
  out.push(...model.attributes);
  return out;
}

/** `///` lines for a documentation text (one a line of the text). */
function docLines(doc: string | null | undefined, indent: string): string[] {
  if (doc === null || doc === undefined) return [];
  // Prisma strips the spaces after "///" and keeps the rest of the line, trailing spaces included.
  return doc.split("\n").map((line) => `${indent}///${line === "" ? "" : ` ${line}`}`);
}

/** Aligns name and type columns the way `prisma format` does. */
function alignedLines(lines: Line[]): Array<{ text: string; field?: string }> {
  const nameWidth = Math.max(...lines.map((l) => l.name.length));
  const typeWidth = Math.max(...lines.map((l) => l.type.length));
  return lines.flatMap((l) => [
    ...docLines(l.doc, "  ").map((text) => ({ text, field: l.field })),
    {
      text: l.attributes.length === 0 ? `  ${l.name.padEnd(nameWidth)} ${l.type}`.trimEnd() : `  ${l.name.padEnd(nameWidth)} ${l.type.padEnd(typeWidth)} ${l.attributes.join(" ")}`,
      field: l.field,
    },
  ]);
}

function renderModel(set: ModelSet, model: ModelEntry, plan: RelationPlan, provider: Provider): Array<{ text: string; field?: string }> {
  const keys = modelKeys(model, plan);
  const lines: Line[] = [];
  for (const field of model.fields) {
    if (field.kind === "scalar") lines.push(scalarLine(field, model, provider, keys));
    else lines.push(...relationLines(set, model, field.name, roleOf(plan, model.name, field.name)!, provider, keys));
  }
  for (const g of plan.generated.get(model.name) ?? []) lines.push(...relationLines(set, model, g.field, g.role, provider, keys));
  const attrs = blockAttributes(model, keys);
  return [
    ...docLines(model.doc, "").map((text) => ({ text })),
    { text: `model ${model.name} {` },
    ...(lines.length ? alignedLines(lines) : []),
    ...(attrs.length ? [{ text: "" }, ...attrs.map((a) => ({ text: `  ${a}` }))] : []),
    { text: "}" },
  ];
}

function renderEnum(e: EnumDef, set: ModelSet): string {
  const mapped = enumDatabaseName(e.name, e.options, set.naming);
  const valueMaps = e.options?.valueMaps ?? {};
  const blocks = [...(mapped === e.name ? [] : [`@@map(${JSON.stringify(mapped)})`]), ...(e.options?.schema ? [`@@schema(${JSON.stringify(e.options.schema)})`] : [])];
  const body = [...e.values.map((v) => (valueMaps[v] === undefined ? `  ${v}` : `  ${v} @map(${JSON.stringify(valueMaps[v])})`)), ...(blocks.length ? ["", ...blocks.map((b) => `  ${b}`)] : [])];
  return [...docLines(e.options?.doc, ""), `enum ${e.name} {`, ...body, "}", ""].join("\n");
}

function configValue(value: GeneratorValue): string {
  return Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

/** A config block (datasource, generator) with its `key = value` lines aligned as `prisma format` does. */
function configBlock(header: string, entries: Array<[string, string]>): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return `${header} {\n${entries.map(([k, v]) => `  ${k.padEnd(width)} = ${v}`).join("\n")}\n}\n`;
}

/**
 * Renders prisma/schema.prisma from a ModelSet, with where each line came from. Deterministic:
 * enums and models sorted by name, fields in declaration order, generated relation sides after
 * them. Runs checkModelSet's checks first, so anything Prisma or the provider cannot express is
 * refused with an InputError.
 */
export function renderPrismaSchemaWithOrigins(set: ModelSet, options: RenderOptions): { text: string; origins: Array<LineOrigin | null> } {
  const { provider } = options;
  const plan = analyzeModelSet(set, provider);
  const header = [
    `// Generated by backant from the model files in ${options.modelsDir ?? "src/models"} (*.model.ts).`,
    "// Do not edit this file by hand: change the models and run `npx backant schema`.",
    "",
  ].join("\n");
  const datasourceEntries: Array<[string, string]> = [["provider", JSON.stringify(provider)]];
  if (options.datasource?.relationMode) datasourceEntries.push(["relationMode", JSON.stringify(options.datasource.relationMode)]);
  if (options.datasource?.schemas.length) datasourceEntries.push(["schemas", configValue(options.datasource.schemas)]);
  // Prisma 7 reads the connection URL from prisma.config.ts, not from the schema.
  const datasource = configBlock("datasource db", datasourceEntries);
  const generatorEntries: Array<[string, string]> = [
    ["provider", JSON.stringify("prisma-client")],
    ["output", JSON.stringify("../src/generated/prisma")],
    ...Object.entries(options.generator ?? {}).map(([k, v]): [string, string] => [k, configValue(v)]),
  ];
  const generator = configBlock("generator client", generatorEntries);
  const blocks: Array<{ text: string; origins: Array<LineOrigin | null> }> = [header, datasource, generator].map((text) => ({ text, origins: [] }));
  for (const e of set.enums) {
    const owner = set.models.find((m) => m.file === e.file);
    const text = renderEnum(e, set);
    blocks.push({ text, origins: text.split("\n").map(() => (owner ? { model: owner } : null)) });
  }
  for (const m of set.models) {
    const lines = renderModel(set, m, plan, provider);
    blocks.push({ text: lines.map((l) => l.text).join("\n") + "\n", origins: [...lines.map((l) => ({ model: m, ...(l.field === undefined ? {} : { field: l.field }) })), null] });
  }
  const text = blocks.map((b) => b.text).join("\n");
  const origins: Array<LineOrigin | null> = [];
  for (const b of blocks) {
    const count = b.text.split("\n").length - 1; // lines of the block; the join adds a blank line after it
    for (let i = 0; i < count; i++) origins.push(b.origins[i] ?? null);
    origins.push(null);
  }
  return { text, origins };
}

/** Renders prisma/schema.prisma from a ModelSet (see renderPrismaSchemaWithOrigins). */
export function renderPrismaSchema(set: ModelSet, options: RenderOptions): string {
  return renderPrismaSchemaWithOrigins(set, options).text;
}

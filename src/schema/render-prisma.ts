import type { DefaultValue, LiteralValue, ReferentialAction, ScalarFieldDef } from "../model/model-def.js";
import { columnNameOf, tableNameOf } from "./model-checks.js";
import { modelKeys } from "./model-keys.js";
import { analyzeModelSet, findModel, idFieldOf, type ModelEntry, type ModelSet } from "./model-set.js";
import { snakeCase } from "./naming.js";
import type { Provider } from "../project/config.js";
import { roleOf, type OwnerSide, type RelationPlan, type RelationRole } from "./relations.js";

export interface RenderOptions {
  provider: Provider;
  /** Shown in the header comment; default "src/models". */
  modelsDir?: string;
}

/** One line of a model block before alignment: name, type, attributes. */
interface Line {
  name: string;
  type: string;
  attributes: string[];
}

const PRISMA_TYPE: Record<ScalarFieldDef["type"], string> = {
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

/**
 * Native column types, chosen to match what Rails and Laravel create for the same declarations:
 * string(n) is VARCHAR(n), text is TEXT, decimal(p, s) is DECIMAL(p, s), date is DATE, and a uuid
 * id is PostgreSQL's UUID type. datetime keeps Prisma's default (timestamp(3) without time zone on
 * PostgreSQL, DATETIME(3) on MySQL), like Rails' timestamp columns; the client always writes UTC.
 * Use .attr("@db.Timestamptz(3)") for a zone-aware column. SQLite has no native types.
 */
function nativeType(field: ScalarFieldDef, provider: Provider): string | null {
  if (provider === "sqlite") return null;
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

function scalarLine(field: ScalarFieldDef, provider: Provider): Line {
  const type = (field.type === "enum" ? field.enumName! : PRISMA_TYPE[field.type]) + (field.list ? "[]" : field.optional ? "?" : "");
  const attributes: string[] = [];
  if (field.id !== null) attributes.push("@id");
  if (field.default !== null) attributes.push(defaultAttribute(field, field.default));
  if (field.unique) attributes.push("@unique");
  if (field.updatedAt) attributes.push("@updatedAt");
  attributes.push(...mapAttribute(field.name, columnNameOf(field)));
  const native = nativeType(field, provider);
  if (native !== null && !hasNativeAttr(field.attributes)) attributes.push(native);
  attributes.push(...field.attributes);
  return { name: field.name, type, attributes };
}

function relationAttribute(name: string | null, extra: string[]): string[] {
  const args = [...(name === null ? [] : [JSON.stringify(name)]), ...extra];
  return args.length === 0 ? [] : [`@relation(${args.join(", ")})`];
}

/** The relation field and its FK field for the owning side of a one-to-one or one-to-many relation. */
function ownerLines(set: ModelSet, owner: OwnerSide, target: string, name: string | null, provider: Provider): Line[] {
  const targetModel = findModel(set, target)!;
  const id = idFieldOf(targetModel)!;
  const args = [`fields: [${owner.fk}]`, `references: [${id.name}]`];
  if (owner.onDelete !== null) args.push(`onDelete: ${ACTION[owner.onDelete]}`);
  if (owner.onUpdate !== null) args.push(`onUpdate: ${ACTION[owner.onUpdate]}`);
  const relationLine: Line = { name: owner.field, type: target + (owner.optional ? "?" : ""), attributes: relationAttribute(name, args) };
  // The FK copies the referenced id's column type, or the database refuses the constraint.
  const fkAttributes: string[] = [];
  if (owner.unique) fkAttributes.push("@unique");
  fkAttributes.push(...mapAttribute(owner.fk, owner.fkColumn));
  const extra = owner.declared?.attributes ?? [];
  if (!hasNativeAttr(extra)) {
    const native = hasNativeAttr(id.attributes) ? id.attributes.filter((a) => a.startsWith("@db.")) : [nativeType(id, provider)].filter((a): a is string => a !== null);
    fkAttributes.push(...native);
  }
  fkAttributes.push(...extra);
  const fkLine: Line = { name: owner.fk, type: PRISMA_TYPE[id.type] + (owner.optional ? "?" : ""), attributes: fkAttributes };
  return [relationLine, fkLine];
}

function relationLines(set: ModelSet, model: ModelEntry, field: string, role: RelationRole, provider: Provider): Line[] {
  const r = role.relation;
  if (r.kind === "manyToMany") {
    const other = role.role === "side0" ? r.sides[1] : r.sides[0];
    return [{ name: field, type: `${other.model}[]`, attributes: relationAttribute(r.name, []) }];
  }
  if (role.role === "owner") return ownerLines(set, r.owner, r.inverse.model, r.name, provider);
  return [{ name: field, type: r.owner.model + (r.inverse.list ? "[]" : "?"), attributes: relationAttribute(r.name, []) }];
}

function blockAttributes(model: ModelEntry, plan: RelationPlan): string[] {
  const keys = modelKeys(model, plan);
  const list = (names: readonly string[]): string => `[${names.join(", ")}]`;
  const out: string[] = [];
  if (keys.id !== null) out.push(`@@id(${list(keys.id)})`);
  for (const u of keys.unique) out.push(`@@unique(${list(u)})`);
  for (const i of keys.indexes) out.push(`@@index(${list(i)})`);
  const table = tableNameOf(model);
  if (table !== model.name) out.push(`@@map(${JSON.stringify(table)})`);
  out.push(...model.attributes);
  return out;
}

/** Aligns name and type columns the way `prisma format` does. */
function alignedLines(lines: Line[]): string[] {
  const nameWidth = Math.max(...lines.map((l) => l.name.length));
  const typeWidth = Math.max(...lines.map((l) => l.type.length));
  return lines.map((l) =>
    l.attributes.length === 0 ? `  ${l.name.padEnd(nameWidth)} ${l.type}`.trimEnd() : `  ${l.name.padEnd(nameWidth)} ${l.type.padEnd(typeWidth)} ${l.attributes.join(" ")}`,
  );
}

function renderModel(set: ModelSet, model: ModelEntry, plan: RelationPlan, provider: Provider): string {
  const lines: Line[] = [];
  for (const field of model.fields) {
    if (field.kind === "scalar") lines.push(scalarLine(field, provider));
    else lines.push(...relationLines(set, model, field.name, roleOf(plan, model.name, field.name)!, provider));
  }
  for (const g of plan.generated.get(model.name) ?? []) lines.push(...relationLines(set, model, g.field, g.role, provider));
  const attrs = blockAttributes(model, plan);
  const body = [...alignedLines(lines), ...(attrs.length ? ["", ...attrs.map((a) => `  ${a}`)] : [])];
  return `model ${model.name} {\n${body.join("\n")}\n}\n`;
}

function renderEnum(name: string, values: readonly string[]): string {
  const mapped = snakeCase(name);
  const body = [...values.map((v) => `  ${v}`), ...(mapped === name ? [] : ["", `  @@map(${JSON.stringify(mapped)})`])];
  return `enum ${name} {\n${body.join("\n")}\n}\n`;
}

/**
 * Renders prisma/schema.prisma from a ModelSet. Deterministic: enums and models sorted by name,
 * fields in declaration order, generated relation sides after them. Runs checkModelSet's checks
 * first, so anything Prisma or the provider cannot express is refused with an InputError.
 */
export function renderPrismaSchema(set: ModelSet, options: RenderOptions): string {
  const { provider } = options;
  const plan = analyzeModelSet(set, provider);
  const header = [
    `// Generated by backant from the model files in ${options.modelsDir ?? "src/models"} (*.model.ts).`,
    "// Do not edit this file by hand: change the models and run `npx backant schema`.",
    "",
  ].join("\n");
  const datasource = `datasource db {\n  provider = ${JSON.stringify(provider)}\n}\n`;
  // Prisma 7 reads the connection URL from prisma.config.ts, not from the schema.
  const generator = `generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n`;
  const blocks = [header, datasource, generator];
  for (const e of set.enums) blocks.push(renderEnum(e.name, e.values));
  for (const m of set.models) blocks.push(renderModel(set, m, plan, provider));
  return blocks.join("\n");
}

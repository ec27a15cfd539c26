import { InputError } from "../errors.js";
import {
  MODEL_DEF_VERSION,
  MODEL_KIND,
  type BlockKeySpec,
  type DefaultValue,
  type EnumOptions,
  type FieldDef,
  type FieldKeyOptions,
  type IndexType,
  type KeyFieldSpec,
  type LiteralValue,
  type ModelDef,
  type NativeType,
  type ReferentialAction,
  type RelationFieldDef,
  type ScalarFieldDef,
  type ScalarType,
} from "../model/model-def.js";
import { databaseName } from "../schema/naming.js";
import type { DatasourceOptions, GeneratorValue, Naming, Provider } from "../project/config.js";
import { prismaSchemaWasm } from "../schema/validate-prisma.js";
import { argument, parsePsl, PslSyntaxError, type PslAttribute, type PslConfig, type PslEnum, type PslExpr, type PslField, type PslModel } from "./psl-parser.js";

/** An enum of the imported schema, with what the model files must say about it. */
export interface ImportedEnum {
  name: string;
  values: string[];
  /** null when nothing beyond the values needs saying under the chosen naming. */
  options: EnumOptions | null;
  /** Models whose fields use it, sorted. */
  usedBy: string[];
}

/** A schema turned into backant's model data, plus the project options it needs. */
export interface ImportedSchema {
  provider: Provider;
  /** The naming that leaves the fewest explicit names to write. */
  naming: Naming;
  datasource: DatasourceOptions;
  generator: Record<string, GeneratorValue>;
  enums: ImportedEnum[];
  /** In schema order; exactly the data the printed model files evaluate to. */
  models: ModelDef[];
  /** What the schema said that the model files do not carry (other generators, URLs ...), for the user. */
  notes: string[];
}

const SCALARS = new Set(["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes", "Unsupported"]);
const ACTIONS: Record<string, ReferentialAction> = { Cascade: "cascade", Restrict: "restrict", NoAction: "noAction", SetNull: "setNull", SetDefault: "setDefault" };
const INDEX_TYPES = new Set(["BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"]);

function bad(source: string, message: string, fix: string): InputError {
  return new InputError(`${source}: ${message} ${fix}`, { code: "IMPORT_UNSUPPORTED", hint: fix, details: { source } });
}

function stringOf(expr: PslExpr | undefined): string | null {
  return expr?.kind === "string" ? expr.value : null;
}

/** A list of fields; Prisma also takes a single field without brackets (`@@index(userId)`). */
const asList = (expr: PslExpr | undefined): PslExpr | undefined => (expr && (expr.kind === "ident" || expr.kind === "call") ? { kind: "array", items: [expr] } : expr);

function fieldList(raw: PslExpr | undefined): string[] {
  const expr = asList(raw);
  if (expr?.kind !== "array") return [];
  return expr.items.map((i) => (i.kind === "ident" ? i.name : i.kind === "call" ? i.name : ""));
}

function keyColumns(raw: PslExpr | undefined): KeyFieldSpec[] {
  const expr = asList(raw);
  if (expr?.kind !== "array") return [];
  return expr.items.map((item): KeyFieldSpec => {
    if (item.kind === "ident") return { name: item.name, sort: null, length: null, ops: null };
    if (item.kind !== "call") return { name: "", sort: null, length: null, ops: null };
    const sort = item.args.find((a) => a.name === "sort")?.value;
    const length = item.args.find((a) => a.name === "length")?.value;
    const ops = item.args.find((a) => a.name === "ops")?.value;
    return {
      name: item.name,
      sort: sort?.kind === "ident" ? (sort.name.toLowerCase() as "asc" | "desc") : null,
      length: length?.kind === "number" ? Number(length.text) : null,
      ops: ops === undefined ? null : ops.kind === "ident" ? ops.name : ops.kind === "call" && ops.name === "raw" ? (stringOf(ops.args[0]?.value) ?? null) : null,
    };
  });
}

const plainColumns = (columns: KeyFieldSpec[]): boolean => columns.every((c) => c.sort === null && c.length === null && c.ops === null);

function keyOptions(attribute: PslAttribute): FieldKeyOptions | null {
  const map = stringOf(argument(attribute, "map"));
  const sort = argument(attribute, "sort");
  const length = argument(attribute, "length");
  const clustered = argument(attribute, "clustered");
  const options: FieldKeyOptions = {
    map,
    sort: sort?.kind === "ident" ? (sort.name.toLowerCase() as "asc" | "desc") : null,
    length: length?.kind === "number" ? Number(length.text) : null,
    clustered: clustered?.kind === "ident" ? clustered.name === "true" : null,
  };
  return options.map === null && options.sort === null && options.length === null && options.clustered === null ? null : options;
}

function blockKey(kind: BlockKeySpec["kind"], attribute: PslAttribute): BlockKeySpec {
  const type = argument(attribute, "type");
  const clustered = argument(attribute, "clustered");
  // @@index(name: "...") is the database name (the old spelling of map).
  const map = stringOf(argument(attribute, "map")) ?? (kind === "index" || kind === "fulltext" ? stringOf(argument(attribute, "name")) : null);
  return {
    kind,
    fields: keyColumns(argument(attribute, "fields", 0)),
    name: kind === "index" || kind === "fulltext" ? null : stringOf(argument(attribute, "name")),
    map,
    type: type?.kind === "ident" && INDEX_TYPES.has(type.name) ? (type.name as IndexType) : null,
    clustered: clustered?.kind === "ident" ? clustered.name === "true" : null,
  };
}

/** A plain key (no names or options) stays a list of field names, as a person writes it. */
const isPlainKey = (k: BlockKeySpec): boolean => k.name === null && k.map === null && k.type === null && k.clustered === null && plainColumns(k.fields);

function nativeOf(field: PslField): NativeType | null {
  const attribute = field.attributes.find((a) => a.name.startsWith("db."));
  if (!attribute) return null;
  return { name: attribute.name.slice(3), args: attribute.args.map((a) => (a.value.kind === "number" ? Number(a.value.text) : a.value.kind === "string" ? a.value.value : a.value.kind === "ident" ? a.value.name : "")) };
}

function literalOf(expr: PslExpr, type: ScalarType): LiteralValue {
  switch (expr.kind) {
    case "string":
      return expr.value;
    case "number":
      // Decimal and BigInt keep their digits exactly; Int and Float are numbers.
      return type === "decimal" || type === "bigint" ? expr.text : Number(expr.text);
    case "ident":
      return expr.name === "true" ? true : expr.name === "false" ? false : expr.name;
    default:
      return "";
  }
}

function defaultOf(expr: PslExpr, type: ScalarType, where: string): DefaultValue {
  if (expr.kind === "call") {
    const args = expr.args.map((a) => (a.value.kind === "number" ? Number(a.value.text) : a.value.kind === "string" ? a.value.value : a.value.kind === "ident" ? a.value.name : ""));
    if (expr.args.some((a) => a.name !== null)) throw bad(where, `the default ${expr.name}() has named arguments, which backant does not carry.`, "Remove them, or keep this model in a hand-written schema.");
    if (args.length === 0 && (expr.name === "now" || expr.name === "uuid" || expr.name === "cuid" || expr.name === "autoincrement")) return { kind: expr.name };
    return { kind: "call", name: expr.name, args };
  }
  if (type === "json" && expr.kind === "string") return { kind: "json", value: expr.value };
  if (expr.kind === "array") return { kind: "literal", value: expr.items.map((i) => literalOf(i, type)) };
  return { kind: "literal", value: literalOf(expr, type) };
}

function isCanonicalJson(text: string): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

interface Context {
  provider: Provider;
  naming: Naming;
  models: Map<string, PslModel>;
  enums: Map<string, PslEnum>;
  source: string;
}

const fieldAttribute = (field: PslField, name: string): PslAttribute | undefined => field.attributes.find((a) => a.name === name);

function scalarDef(field: PslField, model: PslModel, ctx: Context): ScalarFieldDef {
  const where = `${ctx.source}: ${model.name}.${field.name}`;
  const native = nativeOf(field);
  const enumBlock = ctx.enums.get(field.type);
  let type: ScalarType;
  let length: number | null = null;
  let precision: number | null = null;
  let scale: number | null = null;
  let keptNative: NativeType | null = native;
  switch (field.type) {
    case "String":
      type = "string";
      if (native?.name === "VarChar" && native.args.length === 1 && typeof native.args[0] === "number") {
        length = native.args[0];
        keptNative = null;
      } else if (native?.name === "Text" && native.args.length === 0) {
        type = "text";
        keptNative = null;
      }
      break;
    case "Boolean":
      type = "boolean";
      break;
    case "Int":
      type = "int";
      break;
    case "BigInt":
      type = "bigint";
      break;
    case "Float":
      type = "float";
      break;
    case "Decimal":
      type = "decimal";
      if (native?.name === "Decimal" && native.args.length === 2 && native.args.every((a) => typeof a === "number")) {
        [precision, scale] = native.args as [number, number];
        keptNative = null;
      }
      break;
    case "DateTime":
      type = "datetime";
      if (native?.name === "Date" && native.args.length === 0) {
        type = "date";
        keptNative = null;
      }
      break;
    case "Json":
      type = "json";
      break;
    case "Bytes":
      type = "bytes";
      break;
    case "Unsupported":
      type = "unsupported";
      break;
    default:
      if (!enumBlock) throw bad(where, `has the type ${field.type}, which is neither a scalar, an enum nor a model.`, "Composite types (MongoDB) are not supported by backant.");
      type = "enum";
  }
  const def = fieldAttribute(field, "default");
  const defaultExpr = def ? argument(def, "value", 0) : undefined;
  let defaultValue = defaultExpr === undefined ? null : defaultOf(defaultExpr, type, where);
  // A Json default that is not JSON.stringify's own spelling ("{ }", "[1, 2]") cannot come back
  // from .default(value) byte for byte; it is kept as written, through .attr().
  const attributes: string[] = [];
  if (defaultValue?.kind === "json" && !isCanonicalJson(defaultValue.value)) {
    attributes.push(`@default(${JSON.stringify(defaultValue.value)})`);
    defaultValue = null;
  }
  const mapped = stringOf(fieldAttribute(field, "map") ? argument(fieldAttribute(field, "map")!, "name", 0) : undefined);
  const column = mapped === null || mapped === databaseName(field.name, ctx.naming) ? (mapped === null && databaseName(field.name, ctx.naming) !== field.name ? field.name : null) : mapped;
  const idAttribute = fieldAttribute(field, "id");
  const uniqueAttribute = fieldAttribute(field, "unique");
  let id: ScalarFieldDef["id"] = idAttribute ? "manual" : null;
  const idOptions = idAttribute ? keyOptions(idAttribute) : null;
  // The t.id() forms, when the field is exactly what they make.
  if (id !== null && idOptions === null && !field.optional && !field.list) {
    if (type === "int" && defaultValue?.kind === "autoincrement" && keptNative === null) id = "int";
    else if (type === "bigint" && defaultValue?.kind === "autoincrement" && keptNative === null) id = "bigint";
    else if (type === "string" && length === null && defaultValue?.kind === "cuid" && keptNative === null) id = "cuid";
    else if (type === "string" && length === null && defaultValue?.kind === "uuid") {
      // t.id("uuid") is @db.Uuid on PostgreSQL and no native type elsewhere.
      if (ctx.provider === "postgresql" ? keptNative?.name === "Uuid" && keptNative.args.length === 0 : keptNative === null) {
        id = "uuid";
        keptNative = null;
      }
    }
  }
  let enumOptions: EnumOptions | null = null;
  if (enumBlock) enumOptions = enumOptionsOf(enumBlock, ctx.naming);
  const known = new Set(["id", "default", "unique", "updatedAt", "map", "ignore"]);
  const raw = field.attributes.filter((a) => !known.has(a.name) && !a.name.startsWith("db."));
  if (raw.length > 0) throw bad(where, `uses @${raw[0]!.name}, which backant does not carry.`, "Remove the attribute, or ask for it to be supported.");
  return {
    name: field.name,
    kind: "scalar",
    type,
    list: field.list,
    id,
    length,
    precision,
    scale,
    enumName: enumBlock ? enumBlock.name : null,
    enumValues: enumBlock ? enumBlock.values.map((v) => v.name) : null,
    default: defaultValue,
    updatedAt: fieldAttribute(field, "updatedAt") !== undefined,
    optional: field.optional,
    unique: uniqueAttribute !== undefined,
    index: false,
    column,
    attributes,
    doc: field.doc,
    ignore: fieldAttribute(field, "ignore") !== undefined,
    native: keptNative,
    unsupported: field.unsupported,
    idOptions,
    uniqueOptions: uniqueAttribute ? keyOptions(uniqueAttribute) : null,
    indexOptions: null,
    enumOptions,
  };
}

function enumOptionsOf(block: PslEnum, naming: Naming): EnumOptions | null {
  const mapAttribute = block.attributes.find((a) => a.name === "map");
  const mapped = mapAttribute ? stringOf(argument(mapAttribute, "name", 0)) : null;
  const dbName = mapped ?? block.name;
  const valueMaps: Record<string, string> = {};
  for (const v of block.values) {
    const m = v.attributes.find((a) => a.name === "map");
    const name = m ? stringOf(argument(m, "name", 0)) : null;
    if (name !== null) valueMaps[v.name] = name;
  }
  const schemaAttribute = block.attributes.find((a) => a.name === "schema");
  const options: EnumOptions = {
    map: dbName === databaseName(block.name, naming) ? null : dbName,
    valueMaps,
    schema: schemaAttribute ? stringOf(argument(schemaAttribute, "name", 0)) : null,
    doc: block.doc,
  };
  return options.map === null && Object.keys(valueMaps).length === 0 && options.schema === null && options.doc === null ? null : options;
}

/** The field on the other side of a relation field: same relation name (or both unnamed), the other way round. */
function oppositeOf(field: PslField, model: PslModel, ctx: Context): PslField | undefined {
  const name = relationNameOf(field);
  const target = ctx.models.get(field.type);
  return target?.fields.find((g) => g !== field && g.type === model.name && relationNameOf(g) === name);
}

function relationNameOf(field: PslField): string | null {
  const relation = fieldAttribute(field, "relation");
  return relation ? stringOf(argument(relation, "name", 0)) : null;
}

function relationDef(field: PslField, model: PslModel, ctx: Context): RelationFieldDef {
  const where = `${ctx.source}: ${model.name}.${field.name}`;
  const relation = fieldAttribute(field, "relation");
  const fields = relation ? fieldList(argument(relation, "fields")) : [];
  const references = relation ? fieldList(argument(relation, "references")) : [];
  const opposite = oppositeOf(field, model, ctx);
  const explicitName = relationNameOf(field);
  // backant names an unnamed self relation itself; give it the name Prisma gives it instead.
  const name = explicitName ?? (field.type === model.name ? `${model.name}To${model.name}` : null);
  const action = (key: string): ReferentialAction | null => {
    const v = relation ? argument(relation, key) : undefined;
    return v?.kind === "ident" ? (ACTIONS[v.name] ?? null) : null;
  };
  const unknown = field.attributes.filter((a) => a.name !== "relation" && a.name !== "ignore");
  if (unknown.length > 0) throw bad(where, `uses @${unknown[0]!.name} on a relation field.`, "Remove the attribute.");
  const common = {
    name: field.name,
    kind: "relation" as const,
    target: field.type,
    relationName: name,
    unique: false,
    index: false,
    column: null,
    attributes: [],
    doc: field.doc,
    ignore: fieldAttribute(field, "ignore") !== undefined,
    keyType: null,
  };
  if (fields.length > 0) {
    const target = ctx.models.get(field.type)!;
    const targetIds = target.fields.filter((f) => fieldAttribute(f, "id"));
    const referencesId = targetIds.length === 1 && references.length === 1 && references[0] === targetIds[0]!.name;
    return {
      ...common,
      relation: "belongsTo",
      onDelete: action("onDelete"),
      onUpdate: action("onUpdate"),
      optional: field.optional,
      foreignKey: fields.length === 1 ? fields[0]! : null,
      fields: fields.length === 1 ? null : fields,
      references: referencesId ? null : references,
      map: relation ? stringOf(argument(relation, "map")) : null,
    };
  }
  const kind: RelationFieldDef["relation"] = field.list ? (opposite?.list ? "manyToMany" : "hasMany") : "hasOne";
  return { ...common, relation: kind, onDelete: null, onUpdate: null, optional: false, foreignKey: null, fields: null, references: null, map: null };
}

function modelDef(model: PslModel, ctx: Context): ModelDef {
  const where = `${ctx.source}: model ${model.name}`;
  const fields: FieldDef[] = model.fields.map((f) => (SCALARS.has(f.type) || ctx.enums.has(f.type) ? scalarDef(f, model, ctx) : relationDef(f, model, ctx)));
  let id: string[] | null = null;
  const unique: string[][] = [];
  const indexes: string[][] = [];
  const keys: BlockKeySpec[] = [];
  let table: string | null = null;
  let schema: string | null = null;
  let ignore = false;
  for (const attribute of model.attributes) {
    switch (attribute.name) {
      case "id": {
        const key = blockKey("id", attribute);
        if (isPlainKey(key)) id = key.fields.map((c) => c.name);
        else {
          id = key.fields.map((c) => c.name);
          keys.push(key);
        }
        break;
      }
      case "unique":
      case "index":
      case "fulltext": {
        const key = blockKey(attribute.name, attribute);
        if (attribute.name !== "fulltext" && isPlainKey(key)) (attribute.name === "unique" ? unique : indexes).push(key.fields.map((c) => c.name));
        else keys.push(key);
        break;
      }
      case "map":
        table = stringOf(argument(attribute, "name", 0));
        break;
      case "schema":
        schema = stringOf(argument(attribute, "name", 0));
        break;
      case "ignore":
        ignore = true;
        break;
      default:
        throw bad(where, `uses @@${attribute.name}, which backant does not carry.`, "Remove the attribute, or ask for it to be supported.");
    }
  }
  const dbTable = table ?? model.name;
  return {
    kind: MODEL_KIND,
    version: MODEL_DEF_VERSION,
    name: model.name,
    fields,
    table: dbTable === databaseName(model.name, ctx.naming) ? null : dbTable,
    id: model.fields.some((f) => fieldAttribute(f, "id")) ? null : id,
    unique,
    indexes,
    attributes: [],
    keys,
    schema,
    doc: model.doc,
    ignore,
  };
}

/** The naming that needs the fewest explicit table, column and enum names. */
function chooseNaming(models: PslModel[], enums: PslEnum[], ctx: Omit<Context, "naming">): Naming {
  const score = (naming: Naming): number => {
    let explicit = 0;
    const count = (name: string, dbName: string) => {
      if (dbName !== databaseName(name, naming)) explicit++;
    };
    for (const m of models) {
      const map = m.attributes.find((a) => a.name === "map");
      count(m.name, (map && stringOf(argument(map, "name", 0))) ?? m.name);
      for (const f of m.fields) {
        if (!(SCALARS.has(f.type) || ctx.enums.has(f.type))) continue;
        const fm = fieldAttribute(f, "map");
        count(f.name, (fm && stringOf(argument(fm, "name", 0))) ?? f.name);
      }
    }
    for (const e of enums) {
      const map = e.attributes.find((a) => a.name === "map");
      count(e.name, (map && stringOf(argument(map, "name", 0))) ?? e.name);
    }
    return explicit;
  };
  const snake = score("snake_case");
  const asWritten = score("as-written");
  // A tie: every name is its own database name. Lower-case snake_case names (an introspected
  // snake_case database) keep snake_case, so models added later follow the database's style.
  if (snake === asWritten) return models.every((m) => m.name === databaseName(m.name, "snake_case")) ? "snake_case" : "as-written";
  return snake < asWritten ? "snake_case" : "as-written";
}

function configValue(expr: PslExpr): GeneratorValue | undefined {
  if (expr.kind === "string") return expr.value;
  if (expr.kind === "ident" && (expr.name === "true" || expr.name === "false")) return expr.name === "true";
  if (expr.kind === "array" && expr.items.every((i) => i.kind === "string")) return expr.items.map((i) => (i as { value: string }).value);
  return undefined;
}

/** Checks the schema with Prisma's validator (which also accepts a url the way Prisma 6 schemas write it). */
function validateSource(files: ReadonlyArray<readonly [string, string]>, source: string): void {
  // Prisma 7 reads connection URLs from prisma.config.ts; Prisma 6 schemas still carry them.
  const withoutUrls = files.map(([file, text]) => [file, text.replace(/^(\s*)(url|directUrl|shadowDatabaseUrl)(\s*=.*)$/gm, (_l, indent: string) => indent)]);
  try {
    prismaSchemaWasm().validate(JSON.stringify({ prismaSchema: withoutUrls, noColor: true }));
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    try {
      message = (JSON.parse(message) as { message?: string }).message ?? message;
    } catch {
      // not JSON
    }
    throw new InputError(`${source} is not a valid Prisma schema:\n${message.trimEnd()}`, { code: "IMPORT_INVALID_SCHEMA", hint: `Fix ${source} until \`prisma validate\` accepts it, then import it again.` });
  }
}

/**
 * Turns the text of a Prisma schema (PostgreSQL, MySQL or SQLite) into backant model data that
 * renders to the same database and the same Prisma Client. Refuses, with an InputError naming the
 * line's model and field, what the model files cannot say.
 */
export function importPrismaSchema(input: string | ReadonlyArray<readonly [string, string]>, source = "schema.prisma"): ImportedSchema {
  // One schema file, or the files of a schema folder (prisma/schema/*.prisma), as Prisma reads them.
  const files = typeof input === "string" ? [[source, input] as const] : input;
  validateSource(files, source);
  const blocks = [];
  for (const [file, text] of files) {
    try {
      blocks.push(...parsePsl(text));
    } catch (error) {
      if (error instanceof PslSyntaxError) throw new InputError(`${file}: ${error.message}`, { code: "IMPORT_INVALID_SCHEMA", hint: `Check ${file} near line ${error.line}.` });
      throw error;
    }
  }
  const notes: string[] = [];
  const configs = blocks.filter((b): b is PslConfig => b.kind === "datasource" || b.kind === "generator");
  const datasourceBlock = configs.find((c) => c.kind === "datasource");
  const providerExpr = datasourceBlock?.entries.find((e) => e.key === "provider")?.value;
  const provider = providerExpr?.kind === "string" ? providerExpr.value : "";
  if (provider !== "postgresql" && provider !== "mysql" && provider !== "sqlite")
    throw new InputError(`${source}: the datasource provider is ${JSON.stringify(provider)}; backant imports postgresql, mysql and sqlite schemas.`, { code: "IMPORT_UNSUPPORTED", hint: "Import a schema of one of those databases." });
  const datasource: DatasourceOptions = { relationMode: null, schemas: [] };
  for (const entry of datasourceBlock?.entries ?? []) {
    const value = configValue(entry.value);
    if (entry.key === "provider") continue;
    if ((entry.key === "relationMode" || entry.key === "referentialIntegrity") && (value === "prisma" || value === "foreignKeys")) datasource.relationMode = value;
    else if (entry.key === "schemas" && Array.isArray(value)) datasource.schemas = value;
    else if (entry.key === "url" || entry.key === "directUrl" || entry.key === "shadowDatabaseUrl") notes.push(`datasource ${entry.key}: not in the schema with Prisma 7; set DATABASE_URL in .env (prisma.config.ts reads it).`);
    else notes.push(`datasource ${entry.key}: not carried over (backant supports relationMode and schemas).`);
  }
  const generator: Record<string, GeneratorValue> = {};
  const clients = configs.filter((c) => c.kind === "generator" && /^"?prisma-client(-js)?"?$/.test(String(configValue(c.entries.find((e) => e.key === "provider")?.value ?? { kind: "string", value: "" }))));
  for (const g of configs.filter((c) => c.kind === "generator" && !clients.includes(c))) notes.push(`generator ${g.name}: not carried over (backant writes the Prisma Client generator only); add it back by hand if you need it.`);
  const listed = (prismaSchemaWasm() as unknown as { preview_features(): string | string[] }).preview_features();
  const previewFeatures = new Set<string>(typeof listed === "string" ? (JSON.parse(listed) as string[]) : listed);
  for (const client of clients)
    for (const entry of client.entries) {
      const value = configValue(entry.value);
      if (entry.key === "provider" || entry.key === "output") continue;
      if (entry.key === "previewFeatures" && Array.isArray(value)) {
        const kept = value.filter((f) => previewFeatures.has(f));
        const dropped = value.filter((f) => !previewFeatures.has(f));
        if (kept.length > 0) generator.previewFeatures = kept;
        if (dropped.length > 0) notes.push(`generator ${client.name}: preview features ${dropped.join(", ")} are not preview features of Prisma 7 any more (now built in or removed); left out.`);
      } else if (entry.key === "binaryTargets" && value !== undefined) generator.binaryTargets = value;
      else notes.push(`generator ${client.name}: option ${entry.key} not carried over (backant's client generator sets its own).`);
    }
  const models = blocks.filter((b): b is PslModel => b.kind === "model" || b.kind === "view" || b.kind === "type");
  for (const m of models)
    if (m.kind !== "model") throw bad(`${source}: ${m.kind} ${m.name}`, `is a ${m.kind} block, which backant does not support (views are a preview feature; composite types are MongoDB's).`, "Remove it from the schema to import the rest.");
  const enumBlocks = blocks.filter((b): b is PslEnum => b.kind === "enum");
  const base = { provider: provider as Provider, models: new Map(models.map((m) => [m.name, m])), enums: new Map(enumBlocks.map((e) => [e.name, e])), source };
  const naming = chooseNaming(models, enumBlocks, base);
  const ctx: Context = { ...base, naming };
  const defs = models.map((m) => modelDef(m, ctx));
  const enums = enumBlocks.map((e): ImportedEnum => ({
    name: e.name,
    values: e.values.map((v) => v.name),
    options: enumOptionsOf(e, naming),
    usedBy: [...new Set(defs.filter((d) => d.fields.some((f) => f.kind === "scalar" && f.enumName === e.name)).map((d) => d.name))].sort(),
  }));
  for (const e of enumBlocks) if (e.values.some((v) => v.doc !== null)) notes.push(`enum ${e.name}: documentation of single values is not carried over.`);
  // `//` comments are not part of Prisma's schema (no DMMF, no database); `///` ones are kept as .doc().
  const comments = files.reduce((n, [, text]) => n + text.split("\n").filter((line) => /(^|\s)\/\/(?!\/)/.test(line.replace(/"(?:[^"\\]|\\.)*"/g, '""'))).length, 0);
  if (comments > 0) notes.push(`${comments} line(s) with // comments: not carried over (only /// documentation is); copy what matters into the model files.`);
  return { provider: provider as Provider, naming, datasource, generator, enums, models: defs, notes };
}

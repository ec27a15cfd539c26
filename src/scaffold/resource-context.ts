import type { KeyType, ScalarFieldDef } from "../model/model-def.js";
import { columnsOf, type Column, type ExtraForeignKey } from "../runtime/columns.js";
import { usesReadSql } from "../runtime/read-sql.js";
import { LIST_CONTROL_KEYS } from "../runtime/resource-schemas.js";
import { declaredForeignKeys } from "../schema/model-checks.js";
import { findModel, idFieldOf, analyzeModelSet, type ModelEntry, type ModelSet, type Provider } from "../schema/model-set.js";
import { lowerFirst, snakeCase } from "../schema/naming.js";
import type { RelationPlan } from "../schema/relations.js";
import { factoryContext, type FactoryContext } from "./factory-context.js";
import { biomeOrder } from "./biome-order.js";
import { sourceOf } from "./mock-data.js";
import { modelWords, type ModelWords } from "./model-words.js";

/**
 * What the resource templates (templates/resource/*.hbs) need to know about one model: names in
 * every case, the id's types, the foreign keys the schema renderer generates on it, and sample
 * bodies for its test. Derived from the whole model set, because a model's foreign keys and the
 * rows its test must create first depend on the other models.
 */
export interface ResourceContext {
  /** "OrderLines" */
  name: string;
  /** "order-lines": file names and the URL path. */
  kebab: string;
  /** "orderLines": the Prisma delegate (prisma.orderLines) and variable names. */
  camel: string;
  /** The model file, as imported from src/<layer>/: "../models/OrderLines.model.js". */
  modelImport: string;
  /** The model in words: "order line", "order lines", "an order line", "Order line". */
  words: ModelWords;
  /** The generated foreign keys as a JSON array (a TypeScript literal), null when the renderer generates none. */
  extraForeignKeys: string | null;
  /** The relations ?include= can load (every relation field of the Prisma model, declared or generated). */
  relations: ResourceRelation[];
  /** This model's file and those of its relations, as the service imports them (sorted by path, as Biome sorts imports). */
  modelImports: Array<{ name: string; modelImport: string }>;
  /** extraForeignKeys as the repository's const and the service's field print it (one line, or one key a line when too long). */
  extraForeignKeysConst: string | null;
  extraForeignKeysField: string | null;
  /** The repository's parents and children lookups as printed at 6 and 8 spaces of indent (inside super(...)). */
  lookups: { parents6: string; children6: string; parents8: string; children8: string };
  /** The type names the repository and the service import from the Prisma client, sorted. */
  /** The repository's import statement of the generated client (without its `from`), the service's import list. */
  clientImports: { repository: string; service: string };
  /** The other model files the service imports for those relations. */
  relatedModels: Array<{ name: string; modelImport: string }>;
  /** This model's single-field foreign keys, for naming the missing row in a 409. */
  parents: Array<{ field: string; noun: string; delegate: string; key: string }>;
  /** Other models' foreign keys holding this model's id, for naming the referencing rows in a 409. */
  children: Array<{ field: string; nouns: string; delegate: string }>;
  hasId: boolean;
  idField: string;
  /** TypeScript type of the id in the Prisma row: number, bigint or string. */
  idType: string;
  /** TypeScript type of the id as it arrives in the URL (after ajv): number or string. */
  idParamType: string;
  /**
   * When the model has a single id (and its reads suit raw SQL, see usesReadSql): the arguments of
   * readSqlOf (backant/runtime), with which the repository builds its read SQL at run time. Else null.
   */
  readSql: { provider: Provider; naming: string } | null;
  test: ResourceTestContext;
  /** test/factories/<Model>.factory.ts */
  factory: FactoryContext;
}

export interface ResourceRelation {
  /** The relation field: "customer", "orderLines". */
  name: string;
  /** The related model. */
  target: string;
  list: boolean;
  /** The related model's generated foreign keys (JSON array), or null. */
  foreignKeys: string | null;
  /** The same foreign keys as data. */
  foreignKeyList: ExtraForeignKey[];
}

/** A key and a value of an object literal in a generated test; the value is a TypeScript literal or expression. */
export interface Entry {
  key: string;
  value: string;
}

/** A function of a generated test that creates a row a required foreign key points at. */
export interface ParentMaker {
  /** makeCustomers */
  name: string;
  /** The Prisma delegate: prisma.<delegate>.create */
  delegate: string;
  data: Entry[];
  /** The fields the function returns (what other rows point at). */
  select: string[];
}

export interface ResourceTestContext {
  /** Whether the test can create rows at all (required foreign keys form no cycle). */
  creatable: boolean;
  /** Functions creating the rows this model's required foreign keys point at, ancestors first. */
  parentMakers: ParentMaker[];
  /** The factory imports: build<Model> of this model's, create<Parent> of each parent's, sorted by file as Biome sorts imports. */
  factoryImports: Array<{ names: string; file: string }>;
  /** The foreign keys of a body, from `await parents()`. */
  parentKeys: Entry[];
  sampleA: Entry[];
  sampleB: Entry[];
  /** A third row's fields (inserted between two cursor pages). */
  sampleC: Entry[];
  /** The id comes from a sequence: a new row sorts after every older one (so it cannot land inside a page already read). */
  sequentialId: boolean;
  /** A PATCH body's field and value (a JSON literal), or null when no field can be updated. */
  update: { field: string; value: string } | null;
  /** A field whose value tells sampleA from sampleB, used to test ?field= filtering: its query string and value. */
  filter: { field: string; query: string; value: string } | null;
  /** A field with an order (number, date): ?field[gt]= with sampleA's value finds sampleB only. */
  rangeFilter: { field: string; query: string; value: string } | null;
  /** A text field: ?field[contains]= with part of sampleA's value finds sampleA only. */
  textFilter: { field: string; query: string; value: string } | null;
  /** A decimal field sent as a JSON number, and the string the row gives back. */
  decimalNumber: { field: string; number: string; value: string } | null;
  /**
   * A required foreign key: the relation ?include= loads, its field, the parent's key, a key value
   * no parent has, and the parent's route when deleting the parent must be refused (else null).
   */
  /** enforced: the database refuses a foreign key that matches no row (not under relationMode = "prisma"). */
  include: { relation: string; field: string; key: string; missingParent: string; parentRoute: string | null; parentNoun: string; enforced: boolean } | null;
  /** The relations ?include= takes, as the 400 lists them. */
  relationNames: string;
  /** A unique field and sampleA's value of it, used to test the 409. */
  unique: { field: string; value: string } | null;
  /** A well-formed id that matches no row, as it appears in a URL and in the 404's message. */
  missingId: string;
  /** A field of the wrong type and its value (TypeScript source). */
  badBody: { field: string; value: string } | null;
  /** A value the model's validations refuse (.email(), .min() ...), as a JSON literal. */
  invalid: { field: string; value: string } | null;
  /** The fields ?sort= accepts, as the 400 lists them. */
  sortFields: string;
  /** The 400 assertions of ?sort= and ?include=, printed as Biome prints them (one line when it fits). */
  sortFieldsAssertion: string;
  relationNamesAssertion: string;
  /** Model names whose tables the test writes to, for the hint in failures. */
  tables: string[];
}

/** The line width of the generated project's formatter (templates/project/biome.jsonc.hbs): code printed here must be printed as Biome would. */
export const LINE_WIDTH = 160;

/** An array of printed items on one line when it fits after `indent` and `around` (the key and comma), else one item a line. */
function listSource(items: string[], indent: string, around: string): string {
  const flat = `[${items.join(", ")}]`;
  // Several objects of several keys: one a line, as Biome prints them however short (see breaksAlways in mock-data.ts).
  if (items.length < 2 && indent.length + around.length + flat.length <= LINE_WIDTH) return flat;
  return `[\n${items.map((item) => `${indent}  ${item},`).join("\n")}\n${indent}]`;
}

const byImportPath = biomeOrder;

export function kebabCase(name: string): string {
  return snakeCase(name).replaceAll("_", "-");
}

/** The import line and the registration line a model's route adds to src/routes/index.ts. */
export function routeWiring(modelName: string): { importLine: string; registerLine: string } {
  const kebab = kebabCase(modelName);
  const variable = `${lowerFirst(modelName)}Route`;
  return {
    importLine: `import { ${variable} } from "./${kebab}.route.js";`,
    registerLine: `  await app.register(${variable}, { prefix: "/${kebab}", prisma });`,
  };
}

function keyTypeOfId(field: ScalarFieldDef): KeyType {
  return field.type === "int" ? "int" : field.type === "bigint" ? "bigint" : "string";
}

/** Foreign keys the renderer adds to `model` (hasMany/hasOne declared only on the other side). */
export function generatedForeignKeys(set: ModelSet, plan: RelationPlan, model: ModelEntry): ExtraForeignKey[] {
  const extra: ExtraForeignKey[] = [];
  for (const relation of plan.relations) {
    if (relation.kind === "manyToMany" || relation.owner.model !== model.name || relation.owner.declared !== null) continue;
    const target = findModel(set, relation.inverse.model);
    const id = target ? idFieldOf(target) : undefined;
    if (id) extra.push({ name: relation.owner.fk, keyType: keyTypeOfId(id), optional: relation.owner.optional });
  }
  return extra;
}

export interface RequiredParent {
  fk: string;
  target: ModelEntry;
  /** The target's field the FK holds: its id, or what references names. */
  key: string;
  /** The relation field (what ?include= names). */
  relation: string;
  /** Deleting the parent is refused while this row references it (no cascade, no set null). */
  restricts: boolean;
}

/** The foreign key fields a model declares itself (belongsTo over declared scalars): not sample data. */
function declaredForeignKeyNames(model: ModelEntry): Set<string> {
  const names = new Set<string>();
  for (const f of model.fields) if (f.kind === "relation") for (const d of declaredForeignKeys(model, f) ?? []) names.add(d.name);
  return names;
}

/**
 * The required foreign keys of a model with the model each points at. A belongsTo over declared
 * fields is required when its FK field is (an optional relation over a required FK still needs a
 * value). null when a required FK spans several fields: the test cannot make such rows.
 */
export function requiredParents(set: ModelSet, model: ModelEntry): RequiredParent[] | null {
  const parents: RequiredParent[] = [];
  for (const field of model.fields) {
    if (field.kind !== "relation" || field.relation !== "belongsTo") continue;
    const declared = declaredForeignKeys(model, field);
    const required = declared === null ? !field.optional : declared.some((d) => !d.optional);
    if (!required) continue;
    const target = findModel(set, field.target);
    if (!target) continue;
    if (declared !== null && declared.length !== 1) return null;
    const key = field.references?.[0] ?? idFieldOf(target)?.name;
    if (key === undefined) return null;
    const restricts = field.onDelete === null || field.onDelete === "restrict" || field.onDelete === "noAction";
    parents.push({ fk: declared?.[0]?.name ?? field.foreignKey ?? `${field.name}Id`, target, key, relation: field.name, restricts });
  }
  return parents;
}

/** The most characters a string column holds: t.string(n), or a Char(n) / VarChar(n) native type. */
export function maxLengthOf(field: ScalarFieldDef): number | null {
  if (field.length !== null) return field.length;
  const arg = field.native && (field.native.name === "Char" || field.native.name === "VarChar") ? field.native.args[0] : undefined;
  return typeof arg === "number" ? arg : null;
}

export const isUuid = (field: ScalarFieldDef): boolean => field.id === "uuid" || field.native?.name === "Uuid";
const uuidSample = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const literal = (value: unknown): string => JSON.stringify(value);

function decimalSample(field: ScalarFieldDef, n: number): string {
  const scale = field.scale ?? 2;
  const whole = field.precision !== null && field.precision - scale < 1 ? "0" : String(n);
  // Written at the column's scale, as the API answers it: tests compare what they sent with what came back.
  return scale === 0 ? whole : `${whole}.${"5".padEnd(scale, "0")}`;
}

/** A number for sample n that .min() and .max() accept (still growing with n, so range filters tell samples apart). */
function withinBounds(field: ScalarFieldDef, value: number): number {
  const min = field.validation?.minimum ?? null;
  const max = field.validation?.maximum ?? null;
  let out = min !== null && value < min ? min + value : value;
  if (max !== null && out > max) out = max - 10 + value;
  // A range narrower than the samples: the same value twice (then no range filter is tested on it).
  return Math.min(Math.max(out, min ?? -Infinity), max ?? Infinity);
}

/** A value .minLength(), .maxLength(), .min(), .max(), .email() or .url() refuses, for the generated 400 test; null for none. */
function invalidSample(field: ScalarFieldDef): { value: unknown; keyword: string } | null {
  const v = field.validation;
  if (!v || field.list) return null;
  if (v.format === "email") return { value: "not-an-address", keyword: "format" };
  if (v.format === "uri") return { value: "not a url", keyword: "format" };
  if (v.minLength !== null && v.minLength > 0) return { value: "x".repeat(v.minLength - 1), keyword: "minLength" };
  if (v.minimum !== null) return { value: field.type === "int" ? Math.ceil(v.minimum) - 1 : v.minimum - 1, keyword: "minimum" };
  if (v.maximum !== null) return { value: field.type === "int" ? Math.floor(v.maximum) + 1 : v.maximum + 1, keyword: "maximum" };
  return null;
}

/** A JSON value of the field's API type, distinct for each n (unique fields stay unique). */
function jsonSample(field: ScalarFieldDef, n: number): unknown {
  const one = ((): unknown => {
    switch (field.type) {
      case "string":
      case "text": {
        if (isUuid(field)) return uuidSample(n);
        const v = field.validation;
        // What the model's checks accept: an address for .email(), a URL for .url(), the lengths.
        const text = v?.format === "uri" ? `https://example.com/${n}` : v?.format === "email" || /email/i.test(field.name) ? `user${n}@example.com` : `${field.name}-${n}`;
        const padded = v?.minLength != null && text.length < v.minLength ? `${text}${"x".repeat(v.minLength - text.length)}` : text;
        const max = Math.min(maxLengthOf(field) ?? Infinity, v?.maxLength ?? Infinity);
        return padded.length > max ? padded.slice(-max) : padded;
      }
      case "int":
        return withinBounds(field, n);
      case "bigint":
        return String(n);
      case "float":
        return withinBounds(field, n + 0.5);
      case "decimal":
        return decimalSample(field, n);
      case "boolean":
        return n % 2 === 1;
      case "datetime":
        return `2024-01-0${(n % 9) + 1}T10:00:00.000Z`;
      case "date":
        return `2024-01-0${(n % 9) + 1}`;
      case "json":
        return { n };
      case "bytes":
        return Buffer.from(`bytes-${n}`).toString("base64");
      case "enum": {
        const values = field.enumValues ?? [];
        return values[(n - 1) % values.length];
      }
      case "unsupported":
        return null;
    }
  })();
  return field.list ? [one] : one;
}

/** TypeScript source of the same value as the Prisma client takes it, with `n` a runtime number. */
function prismaSample(field: ScalarFieldDef): string {
  const one = ((): string => {
    switch (field.type) {
      case "string":
      case "text": {
        if (isUuid(field)) return "`00000000-0000-4000-8000-${String(n).padStart(12, \"0\")}`";
        const max = maxLengthOf(field);
        const suffix = max !== null && max < field.name.length + 12 ? "`${n}`" : `\`${field.name}-\${n}\``;
        return /email/i.test(field.name) && (max === null || max >= 24) ? "`user${n}@example.com`" : suffix;
      }
      case "int":
        return "n";
      case "bigint":
        return "BigInt(n)";
      case "float":
        return "n + 0.5";
      case "decimal":
        return literal(decimalSample(field, 1));
      case "boolean":
        return "true";
      case "datetime":
        return 'new Date("2024-01-01T10:00:00.000Z")';
      case "date":
        return 'new Date("2024-01-01T00:00:00.000Z")';
      case "json":
        return "{ n }";
      case "bytes":
        return "new Uint8Array([n % 256])";
      case "enum":
        return literal((field.enumValues ?? [])[0]);
      case "unsupported":
        throw new Error(`no sample for Unsupported field ${field.name}`);
    }
  })();
  return field.list ? `[${one}]` : one;
}

/**
 * Fields a sample body fills in: writable scalars without a default (required and optional), but
 * not declared foreign keys, whose values come from parent rows (parents()).
 */
export function sampleFields(model: ModelEntry): ScalarFieldDef[] {
  const foreignKeys = declaredForeignKeyNames(model);
  return model.fields.filter(
    (f): f is ScalarFieldDef => f.kind === "scalar" && (f.id === null || f.id === "manual") && f.default === null && !f.updatedAt && f.type !== "unsupported" && !f.ignore && !foreignKeys.has(f.name),
  );
}

function missingIdOf(id: ScalarFieldDef): string {
  if (isUuid(id)) return literal("00000000-0000-4000-8000-000000000000");
  if (id.type === "int") return "999999";
  return literal(id.type === "bigint" ? "999999" : "no-such-id");
}

/** Up to three characters of `a` from where it first differs from `b`: a substring only `a` contains. */
function distinguishingPart(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i, i + 3);
}

const ORDERED_TYPES: ReadonlySet<ScalarFieldDef["type"]> = new Set(["int", "float", "decimal", "datetime", "date"]);

/** `field=value` (or `field[op]=value`) as it goes into a URL. */
const queryOf = (key: string, value: unknown): string => `${encodeURIComponent(key).replace("%5B", "[").replace("%5D", "]")}=${encodeURIComponent(String(value))}`;

/** A model with routes by id (see hasApi in project-files.ts): its DELETE can be asked for. */
const servesById = (m: ModelEntry): boolean => !m.ignore && idFieldOf(m) !== undefined && !m.fields.some((f) => f.kind === "scalar" && f.type === "unsupported" && !f.optional && f.default === null && !f.ignore);

/** `expect(response.json().fields).toEqual([{ field, message }]);` at 4 spaces, broken as Biome breaks it when too long. */
function fieldsAssertion(field: string, allowed: string): string {
  const item = `{ field: ${literal(field)}, message: ${literal(`must be one of: ${allowed}`)} }`;
  const flat = `    expect(response.json().fields).toEqual([${item}]);`;
  return flat.length <= LINE_WIDTH ? flat : `    expect(response.json().fields).toEqual([\n      ${item},\n    ]);`;
}

function testContext(set: ModelSet, model: ModelEntry, columns: Column[], relationNames: string[], enforcedForeignKeys: boolean): ResourceTestContext {
  // Ancestors first; a cycle of required foreign keys cannot be satisfied by inserting rows one at a time.
  const order: ModelEntry[] = [];
  let cyclic = false;
  const parentsOf = (m: ModelEntry): RequiredParent[] => {
    const found = requiredParents(set, m);
    if (found === null) cyclic = true; // rows with a multi-field required FK: not made by the test
    return found ?? [];
  };
  const visit = (m: ModelEntry, path: Set<string>): void => {
    for (const parent of parentsOf(m)) {
      if (path.has(parent.target.name)) {
        cyclic = true;
        continue;
      }
      if (!order.includes(parent.target)) visit(parent.target, new Set([...path, parent.target.name]));
    }
    if (m !== model && !order.includes(m)) order.push(m);
  };
  visit(model, new Set([model.name]));

  const makerName = (m: ModelEntry): string => `make${m.name}`;
  // What other rows point at in each parent: its id, or the fields references names.
  const keysOf = (m: ModelEntry): string[] => {
    const keys = new Set<string>();
    for (const child of [model, ...order]) for (const p of parentsOf(child)) if (p.target === m) keys.add(p.key);
    return keys.size > 0 ? [...keys] : [idFieldOf(m)?.name ?? m.fields[0]!.name];
  };
  const parentMakers: ParentMaker[] = order.map((m) => {
    const data: Entry[] = sampleFields(m)
      .filter((f) => !f.optional)
      .map((f) => ({ key: f.name, value: prismaSample(f) }));
    for (const p of parentsOf(m)) data.push({ key: p.fk, value: `(await ${makerName(p.target)}()).${p.key}` });
    return { name: makerName(m), delegate: lowerFirst(m.name), data, select: keysOf(m) };
  });
  const parents = parentsOf(model);
  const keyJson = (p: RequiredParent): string => {
    const key = p.target.fields.find((f) => f.name === p.key);
    // A bigint key leaves Prisma as a BigInt and travels in JSON as digits.
    const made = `(await create${p.target.name}(prisma)).${p.key}`;
    return key?.kind === "scalar" && key.type === "bigint" ? `String(${made})` : made;
  };
  const parentKeys: Entry[] = parents.map((p) => ({ key: p.fk, value: keyJson(p) }));

  const fields = sampleFields(model);
  const sample = (n: number): Entry[] => fields.map((f) => ({ key: f.name, value: sourceOf(jsonSample(f, n), "", Number.POSITIVE_INFINITY) }));
  // The id is not updatable (a .id() key the caller gives is still the key).
  const changeable = fields.filter((f) => f.id === null);
  const updatable = changeable.find((f) => !f.unique && f.type !== "json" && f.type !== "bytes") ?? changeable.find((f) => f.type !== "json" && f.type !== "bytes");
  const update = updatable ? { field: updatable.name, value: literal(jsonSample(updatable, 3)) } : null;
  const filterableColumn = (f: ScalarFieldDef): Column | undefined => columns.find((c) => c.name === f.name && c.filterable);
  // A field named like a list control (total) is no filter: ?total=1 asks for the count.
  const control = LIST_CONTROL_KEYS as readonly string[];
  const distinct = (f: ScalarFieldDef): boolean => !f.list && literal(jsonSample(f, 1)) !== literal(jsonSample(f, 2)) && filterableColumn(f) !== undefined;
  const filterField = fields.find((f) => distinct(f) && !control.includes(f.name) && ["string", "text", "int", "enum", "boolean"].includes(f.type));
  const filter = filterField ? { field: filterField.name, query: queryOf(filterField.name, jsonSample(filterField, 1)), value: literal(jsonSample(filterField, 1)) } : null;
  // sampleB's value is above sampleA's for every ordered type (jsonSample grows with n).
  const rangeField = fields.find((f) => distinct(f) && ORDERED_TYPES.has(f.type) && filterableColumn(f)!.operators.includes("gt"));
  const rangeFilter = rangeField ? { field: rangeField.name, query: queryOf(`${rangeField.name}[gt]`, jsonSample(rangeField, 1)), value: literal(jsonSample(rangeField, 2)) } : null;
  const textField = fields.find((f) => distinct(f) && (f.type === "string" || f.type === "text") && filterableColumn(f)!.operators.includes("contains"));
  const textFilter = textField ? { field: textField.name, query: queryOf(`${textField.name}[contains]`, distinguishingPart(String(jsonSample(textField, 1)), String(jsonSample(textField, 2)))), value: literal(jsonSample(textField, 1)) } : null;
  const decimalField = fields.find((f) => f.type === "decimal" && !f.list && (f.scale ?? 0) >= 1 && (f.precision === null || f.precision - (f.scale ?? 0) >= 1));
  const decimalNumber = decimalField ? { field: decimalField.name, number: "1.5", value: literal(`1.${"5".padEnd(decimalField.scale ?? 0, "0")}`) } : null;
  const includeParent = parents[0];
  const parentKey = includeParent?.target.fields.find((f): f is ScalarFieldDef => f.kind === "scalar" && f.name === includeParent.key);
  const include =
    includeParent && parentKey
      ? {
          relation: includeParent.relation,
          field: includeParent.fk,
          key: includeParent.key,
          missingParent: missingIdOf(parentKey),
          parentRoute: includeParent.restricts && parentKey.id !== null && servesById(includeParent.target) ? kebabCase(includeParent.target.name) : null,
          parentNoun: modelWords(includeParent.target.name).singular,
          enforced: enforcedForeignKeys,
        }
      : null;
  // Not the id: a taken key is reported by the primary key constraint, which names no field.
  const uniqueField = fields.find((f) => f.unique && !f.list && f.id === null);
  const unique = uniqueField ? { field: uniqueField.name, value: literal(jsonSample(uniqueField, 1)) } : null;
  const typed = fields.find((f) => f.type === "int" || f.type === "boolean" || f.type === "float") ?? fields.find((f) => f.type === "string" || f.type === "text");
  const badBody = typed ? { field: typed.name, value: typed.type === "string" || typed.type === "text" ? "{ nested: true }" : literal("not-a-number") } : null;
  const checked = fields.map((f) => ({ field: f, invalid: invalidSample(f) })).find((c) => c.invalid !== null);
  const invalid = checked ? { field: checked.field.name, value: literal(checked.invalid!.value) } : null;
  const id = idFieldOf(model);
  return {
    creatable: !cyclic,
    invalid,
    parentMakers,
    factoryImports: [
      { names: `build${model.name}`, file: `./factories/${model.name}.factory.js` },
      ...[...new Set(parents.map((p) => p.target.name))].filter((name) => name !== model.name).map((name) => ({ names: `create${name}`, file: `./factories/${name}.factory.js` })),
    ].sort((a, b) => biomeOrder(a.file, b.file)),
    parentKeys,
    sampleA: sample(1),
    sampleB: sample(2),
    sampleC: sample(3),
    sequentialId: id?.default?.kind === "autoincrement",
    update,
    filter,
    rangeFilter,
    textFilter,
    decimalNumber,
    include,
    unique,
    missingId: id ? String(JSON.parse(missingIdOf(id))) : "0",
    badBody,
    relationNames: relationNames.join(", "),
    sortFields: columns.filter((c) => c.filterable).map((c) => c.name).join(", "),
    sortFieldsAssertion: fieldsAssertion("sort", columns.filter((c) => c.filterable).map((c) => c.name).join(", ")),
    relationNamesAssertion: fieldsAssertion("include", relationNames.join(", ")),
    tables: [...order.map((m) => m.name), model.name],
  };
}

/** The relations of `model` in the Prisma schema (declared or generated), with the foreign keys around it. */
export function relationsOf(set: ModelSet, plan: RelationPlan, model: ModelEntry): Pick<ResourceContext, "relations" | "parents" | "children"> {
  const relations: ResourceRelation[] = [];
  const parents: ResourceContext["parents"] = [];
  const children: ResourceContext["children"] = [];
  const usable = (name: string): ModelEntry | undefined => {
    const found = findModel(set, name);
    return found && !found.ignore ? found : undefined;
  };
  const relation = (name: string, targetName: string, list: boolean, declared: { ignore: boolean } | null | undefined): void => {
    const target = usable(targetName);
    if (!target || declared?.ignore) return;
    const fks = generatedForeignKeys(set, plan, target);
    relations.push({ name, target: target.name, list, foreignKeys: fks.length === 0 ? null : sourceOf(fks, "", Number.POSITIVE_INFINITY), foreignKeyList: fks });
  };
  const id = idFieldOf(model);
  for (const r of plan.relations) {
    if (r.kind === "manyToMany") {
      const [a, b] = r.sides;
      if (a.model === model.name) relation(a.field, b.model, true, null);
      if (b.model === model.name) relation(b.field, a.model, true, null);
      continue;
    }
    const single = r.owner.fkFields.length === 1 && r.owner.references.length === 1;
    if (r.owner.model === model.name) {
      relation(r.owner.field, r.inverse.model, false, r.owner.declared);
      const target = usable(r.inverse.model);
      if (single && target) parents.push({ field: r.owner.fk, noun: modelWords(target.name).singular, delegate: lowerFirst(target.name), key: r.owner.references[0]! });
    }
    if (r.inverse.model === model.name) {
      relation(r.inverse.field, r.owner.model, r.inverse.list, findModel(set, model.name)?.fields.find((f) => f.name === r.inverse.field));
      const child = usable(r.owner.model);
      if (single && child && r.owner.references[0] === id?.name) children.push({ field: r.owner.fk, nouns: modelWords(child.name).plural, delegate: lowerFirst(child.name) });
    }
  }
  return { relations, parents, children };
}

/** Everything the resource templates need for one model of the set. */
/** enforcedForeignKeys: false under the datasource's relationMode = "prisma", where the database has no foreign keys. */
export function resourceContext(set: ModelSet, modelName: string, provider: Provider, plan: RelationPlan = analyzeModelSet(set, provider), enforcedForeignKeys = true): ResourceContext {
  const model = findModel(set, modelName);
  if (!model) throw new Error(`resourceContext: no model ${modelName} in the model set`);
  const extra = generatedForeignKeys(set, plan, model);
  const columns = columnsOf(model, extra);
  const id = idFieldOf(model);
  const idType = !id ? "never" : id.type === "int" ? "number" : id.type === "bigint" ? "bigint" : "string";
  const related = relationsOf(set, plan, model);
  const relatedModels = [...new Set(related.relations.map((r) => r.target))].filter((name) => name !== model.name).map((name) => ({ name, modelImport: `../models/${name}.model.js` }));
  const modelImports = [{ name: model.name, modelImport: `../models/${model.name}.model.js` }, ...relatedModels].sort((a, b) => byImportPath(a.modelImport, b.modelImport));
  const parentItems = related.parents.map((p) => `{ field: ${literal(p.field)}, noun: ${literal(p.noun)}, delegate: prisma.${p.delegate}, key: ${literal(p.key)} }`);
  const childItems = related.children.map((c) => `{ field: ${literal(c.field)}, nouns: ${literal(c.nouns)}, delegate: prisma.${c.delegate} }`);
  const test = testContext(set, model, columns, related.relations.map((r) => r.name), enforcedForeignKeys);
  // Reads through the driver adapter convert its values per field type, checked against the SQLite
  // and PostgreSQL adapters (test/templates/related-models.test.ts); MySQL reads through the Prisma API.
  const readsSql = id !== undefined && provider !== "mysql" && usesReadSql(model);
  const repositoryImports = ["Prisma", "PrismaClient", `${model.name} as ${model.name}Row`].sort(biomeOrder);
  return {
    name: model.name,
    kebab: kebabCase(model.name),
    camel: lowerFirst(model.name),
    modelImport: `../models/${model.name}.model.js`,
    words: modelWords(model.name),
    extraForeignKeys: extra.length === 0 ? null : literal(extra),
    extraForeignKeysConst: extra.length === 0 ? null : sourceOf(extra, "", LINE_WIDTH - "const foreignKeys: ExtraForeignKey[] = ;".length),
    extraForeignKeysField: extra.length === 0 ? null : sourceOf(extra, "  ", LINE_WIDTH - "foreignKeys: ,".length),
    lookups: {
      parents6: listSource(parentItems, "      ", "parents: ,"),
      children6: listSource(childItems, "      ", "children: ,"),
      parents8: listSource(parentItems, "        ", "parents: ,"),
      children8: listSource(childItems, "        ", "children: ,"),
    },
    ...related,
    modelImports,
    clientImports: {
      // Reads through the adapter need the client's Decimal class (a value), else types only.
      repository:
        readsSql
          ? `import { ${repositoryImports.map((name) => (name === "Prisma" ? name : `type ${name}`)).join(", ")} }`
          : `import type { ${repositoryImports.join(", ")} }`,
      service: ["Prisma", `${model.name} as ${model.name}Row`].sort(biomeOrder).join(", "),
    },
    relatedModels,
    hasId: id !== undefined,
    idField: id?.name ?? "id",
    idType,
    idParamType: idType === "number" ? "number" : "string",
    readSql: readsSql ? { provider, naming: model.naming } : null,
    test,
    factory: factoryContext(set, model, test.creatable),
  };
}

import type { KeyType, ScalarFieldDef } from "../model/model-def.js";
import { columnsOf, type Column, type ExtraForeignKey } from "../runtime/columns.js";
import { usesReadSql } from "../runtime/read-sql.js";
import { LIST_CONTROL_KEYS } from "../runtime/resource-schemas.js";
import { declaredForeignKeys } from "../schema/model-checks.js";
import { findModel, idFieldOf, analyzeModelSet, type ModelEntry, type ModelSet, type Provider } from "../schema/model-set.js";
import { lowerFirst, snakeCase } from "../schema/naming.js";
import type { RelationPlan } from "../schema/relations.js";

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
  /** `, { foreignKeys: [...] }` when the renderer generates foreign keys on this model, else "". */
  schemaOptions: string;
  /** The generated foreign keys as a TypeScript array literal ("[]" when none). */
  extraForeignKeys: string;
  hasId: boolean;
  idField: string;
  /** TypeScript type of the id in the Prisma row: number, bigint or string. */
  idType: string;
  /** TypeScript type of the id as it arrives in the URL (after ajv): number or string. */
  idParamType: string;
  /** Expression turning the URL id (variable `id`) into the row's id. */
  idFromParam: string;
  /** Rows hold bigint, decimal, date or bytes columns that fast-json-stringify cannot write as-is. */
  convertRows: boolean;
  /**
   * `readSqlOf(Model, "<provider>", [generated FKs])` (backant/runtime) when the model has a single
   * id, else null: the repository builds its read SQL from the model at run time.
   */
  readSql: string | null;
  test: ResourceTestContext;
}

export interface ResourceTestContext {
  /** Whether the test can create rows at all (required foreign keys form no cycle). */
  creatable: boolean;
  /** Functions creating the rows this model's required foreign keys point at, ancestors first. */
  parentMakers: string[];
  /** Object literal (TypeScript source) of the foreign keys to spread into a body, from `await parents()`. */
  parentKeys: string;
  sampleA: string;
  sampleB: string;
  /** A PATCH body and the field it changes, or null when no field can be updated. */
  update: { body: string; field: string; value: string } | null;
  /** A field whose value tells sampleA from sampleB, used to test ?field= filtering. */
  filter: { field: string; value: string } | null;
  /** A unique field, used to test the 409. */
  uniqueField: string | null;
  /** A well-formed id that matches no row (TypeScript literal). */
  missingId: string;
  /** A body with a field of the wrong type (TypeScript source), and that field's name. */
  badBody: { body: string; field: string } | null;
  /** Model names whose tables the test writes to, for the hint in failures. */
  tables: string[];
}

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

interface RequiredParent {
  fk: string;
  target: ModelEntry;
  /** The target's field the FK holds: its id, or what references names. */
  key: string;
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
function requiredParents(set: ModelSet, model: ModelEntry): RequiredParent[] | null {
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
    parents.push({ fk: declared?.[0]?.name ?? field.foreignKey ?? `${field.name}Id`, target, key });
  }
  return parents;
}

/** The most characters a string column holds: t.string(n), or a Char(n) / VarChar(n) native type. */
function maxLengthOf(field: ScalarFieldDef): number | null {
  if (field.length !== null) return field.length;
  const arg = field.native && (field.native.name === "Char" || field.native.name === "VarChar") ? field.native.args[0] : undefined;
  return typeof arg === "number" ? arg : null;
}

const isUuid = (field: ScalarFieldDef): boolean => field.id === "uuid" || field.native?.name === "Uuid";
const uuidSample = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const literal = (value: unknown): string => JSON.stringify(value);

function decimalSample(field: ScalarFieldDef, n: number): string {
  const scale = field.scale ?? 2;
  const whole = field.precision !== null && field.precision - scale < 1 ? "0" : String(n);
  return scale === 0 ? whole : `${whole}.${"5".padEnd(Math.min(scale, 2), "0")}`;
}

/** A JSON value of the field's API type, distinct for each n (unique fields stay unique). */
function jsonSample(field: ScalarFieldDef, n: number): unknown {
  const one = ((): unknown => {
    switch (field.type) {
      case "string":
      case "text": {
        if (isUuid(field)) return uuidSample(n);
        const text = /email/i.test(field.name) ? `user${n}@example.com` : `${field.name}-${n}`;
        const max = maxLengthOf(field);
        return max !== null && text.length > max ? text.slice(-max) : text;
      }
      case "int":
        return n;
      case "bigint":
        return String(n);
      case "float":
        return n + 0.5;
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
function sampleFields(model: ModelEntry): ScalarFieldDef[] {
  const foreignKeys = declaredForeignKeyNames(model);
  return model.fields.filter(
    (f): f is ScalarFieldDef => f.kind === "scalar" && (f.id === null || f.id === "manual") && f.default === null && !f.updatedAt && f.type !== "unsupported" && !f.ignore && !foreignKeys.has(f.name),
  );
}

function objectSource(entries: Array<[string, string]>): string {
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`;
}

function missingIdOf(id: ScalarFieldDef): string {
  if (isUuid(id)) return literal("00000000-0000-4000-8000-000000000000");
  if (id.type === "int") return "999999";
  return literal(id.type === "bigint" ? "999999" : "no-such-id");
}

function testContext(set: ModelSet, model: ModelEntry, columns: Column[]): ResourceTestContext {
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
  const parentMakers = order.map((m) => {
    const data: Array<[string, string]> = sampleFields(m)
      .filter((f) => !f.optional)
      .map((f) => [f.name, prismaSample(f)]);
    for (const p of parentsOf(m)) data.push([p.fk, `(await ${makerName(p.target)}()).${p.key}`]);
    return `async function ${makerName(m)}() {\n  const n = ++counter;\n  return prisma.${lowerFirst(m.name)}.create({ data: ${objectSource(data)}, select: { ${keysOf(m).map((k) => `${k}: true`).join(", ")} } });\n}`;
  });
  const parents = parentsOf(model);
  const keyJson = (p: RequiredParent): string => {
    const key = p.target.fields.find((f) => f.name === p.key);
    return key?.kind === "scalar" && key.type === "bigint" ? `String((await ${makerName(p.target)}()).${p.key})` : `(await ${makerName(p.target)}()).${p.key}`;
  };
  const parentKeys = objectSource(parents.map((p) => [p.fk, keyJson(p)]));

  const fields = sampleFields(model);
  const sample = (n: number): string => objectSource(fields.map((f) => [f.name, literal(jsonSample(f, n))]));
  // The id is not updatable (a .id() key the caller gives is still the key).
  const changeable = fields.filter((f) => f.id === null);
  const updatable = changeable.find((f) => !f.unique && f.type !== "json" && f.type !== "bytes") ?? changeable.find((f) => f.type !== "json" && f.type !== "bytes");
  const update = updatable ? { body: objectSource([[updatable.name, literal(jsonSample(updatable, 3))]]), field: updatable.name, value: literal(jsonSample(updatable, 3)) } : null;
  // A field named like a list control (total) is no filter: ?total=1 asks for the count.
  const filterField = fields.find((f) => !f.list && !(LIST_CONTROL_KEYS as readonly string[]).includes(f.name) && ["string", "text", "int", "enum", "boolean"].includes(f.type) && literal(jsonSample(f, 1)) !== literal(jsonSample(f, 2)));
  const filter = filterField && columns.some((c) => c.name === filterField.name && c.filterable) ? { field: filterField.name, value: literal(jsonSample(filterField, 1)) } : null;
  // Not the id: a taken key is reported by the primary key constraint, which names no field.
  const uniqueField = fields.find((f) => f.unique && !f.list && f.id === null)?.name ?? null;
  const typed = fields.find((f) => f.type === "int" || f.type === "boolean" || f.type === "float") ?? fields.find((f) => f.type === "string" || f.type === "text");
  const badBody = typed
    ? { body: objectSource([[typed.name, typed.type === "string" || typed.type === "text" ? "{ nested: true }" : literal("not-a-number")]]), field: typed.name }
    : null;
  const id = idFieldOf(model);
  return {
    creatable: !cyclic,
    parentMakers,
    parentKeys,
    sampleA: sample(1),
    sampleB: sample(2),
    update,
    filter,
    uniqueField,
    missingId: id ? missingIdOf(id) : "0",
    badBody,
    tables: [...order.map((m) => m.name), model.name],
  };
}

/** Everything the resource templates need for one model of the set. */
export function resourceContext(set: ModelSet, modelName: string, provider: Provider, plan: RelationPlan = analyzeModelSet(set, provider)): ResourceContext {
  const model = findModel(set, modelName);
  if (!model) throw new Error(`resourceContext: no model ${modelName} in the model set`);
  const extra = generatedForeignKeys(set, plan, model);
  const columns = columnsOf(model, extra);
  const id = idFieldOf(model);
  const foreignKeys = `[${extra.map((fk) => `{ name: ${literal(fk.name)}, keyType: ${literal(fk.keyType)}, optional: ${fk.optional} }`).join(", ")}]`;
  const idType = !id ? "never" : id.type === "int" ? "number" : id.type === "bigint" ? "bigint" : "string";
  return {
    name: model.name,
    kebab: kebabCase(model.name),
    camel: lowerFirst(model.name),
    modelImport: `../models/${model.name}.model.js`,
    schemaOptions: extra.length === 0 ? "" : `, { foreignKeys: ${foreignKeys} }`,
    extraForeignKeys: foreignKeys,
    hasId: id !== undefined,
    idField: id?.name ?? "id",
    idType,
    idParamType: idType === "number" ? "number" : "string",
    idFromParam: idType === "bigint" ? "BigInt(id)" : "id",
    convertRows: columns.some((c) => c.conversion !== null),
    readSql:
      id === undefined || !usesReadSql(model, provider)
        ? null
        : `readSqlOf(${model.name}Model, ${literal(provider)}${model.naming !== "snake_case" ? `, ${foreignKeys}, ${literal(model.naming)}` : extra.length === 0 ? "" : `, ${foreignKeys}`})`,
    test: testContext(set, model, columns),
  };
}

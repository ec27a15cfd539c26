import type { FieldDef, LiteralValue, RelationFieldDef, ScalarFieldDef } from "../model/model-def.js";
import { MODEL_DEF_VERSION } from "../model/model-def.js";
import { InputError } from "../errors.js";
import { modelError, type ModelEntry, type ModelSet } from "./model-set.js";
import { databaseName, DB_NAME, ENUM_VALUE, FIELD_NAME, MODEL_NAME, PRISMA_TYPE_NAME, RELATION_NAME, RESERVED_TYPE_NAMES, snakeCase } from "./naming.js";
import type { Naming, Provider } from "../project/config.js";

/** Limits of the native types backant emits (VARCHAR(n), DECIMAL(p, s)) per provider. */
const LIMITS = {
  postgresql: { varchar: 10_485_760, precision: 1000, scale: 1000 },
  // utf8mb4 VARCHAR: 65,535 bytes / 4 bytes a character.
  mysql: { varchar: 16_383, precision: 65, scale: 30 },
  sqlite: { varchar: Infinity, precision: Infinity, scale: Infinity },
} as const;

export function tableNameOf(model: ModelEntry): string {
  return model.table ?? databaseName(model.name, model.naming);
}

export function foreignKeyOf(field: RelationFieldDef): string {
  return field.foreignKey ?? `${field.name}Id`;
}

/** The column of a scalar field, or of a belongsTo's generated foreign key: .map(), or the name under the project's naming. */
export function columnNameOf(field: FieldDef, naming: Naming): string {
  return field.column ?? databaseName(field.kind === "relation" ? foreignKeyOf(field) : field.name, naming);
}

/** The database name of an enum type: its map option, or the name under the project's naming. */
export function enumDatabaseName(name: string, options: { map: string | null } | null, naming: Naming): string {
  return options?.map ?? databaseName(name, naming);
}

/**
 * The declared scalars a belongsTo uses as its foreign key: { foreignKey: ["a", "b"] }, or a
 * { foreignKey: "userId" } that names a declared scalar. null: backant adds the FK field.
 */
export function declaredForeignKeys(model: { fields: readonly FieldDef[] }, field: RelationFieldDef): ScalarFieldDef[] | null {
  if (field.relation !== "belongsTo") return null;
  const names = field.fields ?? (field.foreignKey !== null && model.fields.some((f) => f.kind === "scalar" && f.name === field.foreignKey) ? [field.foreignKey] : null);
  if (names === null) return null;
  return names.map((n) => model.fields.find((f): f is ScalarFieldDef => f.kind === "scalar" && f.name === n)).filter((f): f is ScalarFieldDef => f !== undefined);
}

/** Per-model and per-field checks; cross-model relation checks live in relations.ts. */
export function checkModels(set: ModelSet, provider: Provider): void {
  const names = new Map<string, ModelEntry>();
  const tables = new Map<string, ModelEntry>();
  for (const model of set.models) {
    if (model.version !== MODEL_DEF_VERSION)
      throw modelError({ model }, `was made by a backant/model of another version (model format ${model.version}, this backant reads ${MODEL_DEF_VERSION}).`, "Install the same backant version in the project as the one you run (npm install backant@latest).", "MODEL_VERSION");
    const clash = names.get(model.name);
    if (clash) throw modelError({ model }, `has the same name as the model in ${clash.file}.`, "Rename one of them: model names must be unique.", "DUPLICATE_MODEL");
    names.set(model.name, model);
    checkModelName(model);
    const table = tableNameOf(model);
    const tableClash = tables.get(table.toLowerCase());
    if (tableClash)
      throw modelError({ model }, `maps to table "${table}", which model ${tableClash.name} (${tableClash.file}) uses too.`, 'Give one of them another table name with the option { table: "..." }.', "DUPLICATE_TABLE");
    tables.set(table.toLowerCase(), model);
  }
  checkEnums(set, provider, tables);
  for (const model of set.models) checkModel(model, provider);
}

function checkModelName(model: ModelEntry): void {
  if (!PRISMA_TYPE_NAME.test(model.name))
    throw modelError({ model }, `"${model.name}" is not a valid model name.`, 'Use an identifier of letters, digits and underscores starting with a letter; PascalCase by convention, e.g. "OrderLines".', "BAD_NAME");
  if (RESERVED_TYPE_NAMES.has(model.name))
    throw modelError({ model }, `"${model.name}" is a name Prisma reserves.`, `Rename the model, e.g. "${model.name}s" or "App${model.name}".`, "RESERVED_NAME");
  if (model.table !== null && !DB_NAME.test(model.table))
    throw modelError({ model }, `table name "${model.table}" is not a plain SQL identifier.`, "Use letters, digits and underscores, starting with a letter.", "BAD_NAME");
}

/** Enums of enums.ts: valid names and values, and the same definition as the fields that use them. */
function checkDeclaredEnums(set: ModelSet): void {
  for (const e of set.declaredEnums ?? []) {
    const refuse = (problem: string, fix: string): never => {
      throw new InputError(`${e.file}: enum ${e.name}: ${problem} ${fix}`, { code: "BAD_ENUM", hint: fix, details: { file: e.file, enum: e.name } });
    };
    if (!PRISMA_TYPE_NAME.test(e.name) || RESERVED_TYPE_NAMES.has(e.name)) refuse(`"${e.name}" is not a valid enum name.`, "Use a PascalCase identifier that Prisma does not reserve.");
    if (set.models.some((m) => m.name === e.name)) refuse("has the same name as a model.", `Rename the enum, e.g. "${e.name}Kind".`);
    if (e.values.length === 0 || e.values.some((v) => !ENUM_VALUE.test(v)) || new Set(e.values).size !== e.values.length)
      refuse(`has an empty, invalid or repeated value in [${e.values.join(", ")}].`, 'List distinct identifiers, e.g. ["draft", "published"].');
    for (const m of set.models)
      for (const f of m.fields)
        if (f.kind === "scalar" && f.enumName === e.name && (JSON.stringify(f.enumValues) !== JSON.stringify(e.values) || JSON.stringify(f.enumOptions) !== JSON.stringify(e.options)))
          throw modelError({ model: m, field: f.name }, `uses enum "${e.name}" with another definition than ${e.file} declares.`, `Use the declared enum: t.enum(${e.name}) with ${e.name} imported from ${e.file}.`, "ENUM_MISMATCH");
  }
}

function checkEnums(set: ModelSet, provider: Provider, tables: Map<string, ModelEntry>): void {
  checkDeclaredEnums(set);
  const seen = new Map<string, { model: ModelEntry; field: ScalarFieldDef }>();
  const models = new Set(set.models.map((m) => m.name));
  for (const model of set.models)
    for (const field of model.fields) {
      if (field.kind !== "scalar" || field.type !== "enum") continue;
      const at = { model, field: field.name };
      const name = field.enumName ?? "";
      const values = field.enumValues ?? [];
      if (!PRISMA_TYPE_NAME.test(name)) throw modelError(at, `enum name "${name}" is not valid.`, 'Use a PascalCase identifier, e.g. t.enum("OrderStatus", [...]).', "BAD_ENUM");
      if (RESERVED_TYPE_NAMES.has(name)) throw modelError(at, `enum name "${name}" is reserved by Prisma.`, "Rename the enum.", "BAD_ENUM");
      if (models.has(name)) throw modelError(at, `enum "${name}" has the same name as a model.`, `Rename the enum, e.g. "${name}Kind".`, "BAD_ENUM");
      if (values.length === 0) throw modelError(at, `enum "${name}" has no values.`, "List at least one value.", "BAD_ENUM");
      for (const v of values)
        if (typeof v !== "string" || !ENUM_VALUE.test(v))
          throw modelError(at, `enum "${name}" value ${JSON.stringify(v)} is not an identifier.`, 'Use letters, digits and underscores, starting with a letter (e.g. "in_progress").', "BAD_ENUM");
      if (new Set(values).size !== values.length) throw modelError(at, `enum "${name}" lists a value twice.`, "Remove the duplicate value.", "BAD_ENUM");
      const first = seen.get(name);
      if (first && JSON.stringify(first.field.enumOptions) !== JSON.stringify(field.enumOptions) && JSON.stringify(first.field.enumValues) === JSON.stringify(values))
        throw modelError(
          at,
          `enum "${name}" is declared with other options (database names, schema or doc) than in field "${first.field.name}" of model ${first.model.name} (${first.model.file}).`,
          "Declare the enum once with enumType() in a shared module and use t.enum(TheEnum) in both places.",
          "ENUM_MISMATCH",
        );
      if (first && JSON.stringify(first.field.enumValues) !== JSON.stringify(values))
        throw modelError(
          at,
          `enum "${name}" is declared with values [${values.join(", ")}], but field "${first.field.name}" of model ${first.model.name} (${first.model.file}) declares it with [${(first.field.enumValues ?? []).join(", ")}].`,
          "Use the same values in both places (share one const array), or give one enum another name.",
          "ENUM_MISMATCH",
        );
      if (!first) {
        seen.set(name, { model, field });
        // PostgreSQL gives every table a composite type of the same name, so an enum type cannot share it.
        const typeName = enumDatabaseName(name, field.enumOptions, model.naming);
        const table = tables.get(typeName.toLowerCase());
        if (provider === "postgresql" && table && (table.schema ?? null) === (field.enumOptions?.schema ?? null))
          throw modelError(at, `enum "${name}" would create the type "${typeName}", which clashes with the table of model ${table.name} on PostgreSQL.`, "Rename the enum or the table, or give the enum another database name (enumType(..., { map })).", "BAD_ENUM");
      }
    }
}

function checkModel(model: ModelEntry, provider: Provider): void {
  const byName = new Map(model.fields.map((f) => [f.name, f] as const));
  const ids = model.fields.filter((f) => f.kind === "scalar" && f.id !== null);
  if (ids.length > 1) throw modelError({ model, field: ids[1]!.name }, "is a second t.id().", "A model has one t.id(); for a composite key use the option { id: [...] }.", "BAD_ID");
  if (ids.length === 1 && model.id !== null)
    throw modelError({ model, field: ids[0]!.name }, "is a t.id() but the model also declares a composite { id: [...] }.", "Keep one of them.", "BAD_ID");
  // Prisma needs one way to find a row: a primary key, or else a unique constraint on required fields.
  const hasUnique =
    model.fields.some((f) => f.unique && !f.optional && (f.kind === "scalar" || f.relation === "belongsTo")) ||
    model.unique.length > 0 ||
    model.keys.some((k) => k.kind === "unique");
  if (ids.length === 0 && model.id === null && !hasUnique && !model.ignore)
    throw modelError({ model }, "has no primary key.", "Add id: t.id() (or t.id(\"uuid\"), or .id() on a field), a composite key with the option { id: [...] }, or a unique constraint on required fields.", "BAD_ID");

  if (provider === "mysql") {
    const counters = model.fields.filter((f) => f.kind === "scalar" && f.default?.kind === "autoincrement");
    if (counters.length > 1)
      throw modelError({ model, field: counters[1]!.name }, `uses autoincrement(), and so does "${counters[0]!.name}"; MySQL allows one auto-increment column a table.`, "Keep autoincrement() on one field (a t.id() has it already).", "BAD_DEFAULT");
  }

  const columns = new Map<string, string>();
  const addColumn = (column: string, field: string): void => {
    if (!DB_NAME.test(column)) throw modelError({ model, field }, `column name "${column}" is not a plain SQL identifier.`, "Use letters, digits and underscores in .map().", "BAD_NAME");
    const other = columns.get(column.toLowerCase());
    if (other !== undefined) throw modelError({ model, field }, `maps to column "${column}", which field "${other}" uses too.`, "Give one of them another column name with .map().", "DUPLICATE_COLUMN");
    columns.set(column.toLowerCase(), field);
  };

  for (const field of model.fields) {
    if (!FIELD_NAME.test(field.name))
      throw modelError({ model, field: field.name }, "is not a valid field name.", "Use a camelCase identifier: a letter, then letters, digits or underscores.", "BAD_NAME");
    if (field.kind === "scalar") {
      checkScalar(model, field, provider);
      addColumn(columnNameOf(field, model.naming), field.name);
    } else {
      checkRelationField(model, field, byName, provider);
      if (field.relation === "belongsTo" && declaredForeignKeys(model, field) === null) addColumn(columnNameOf(field, model.naming), field.name);
    }
  }

  const resolve = (list: readonly string[], option: string, prefixed: ReadonlySet<string> = new Set()): void => {
    if (list.length === 0) throw modelError({ model }, `option ${option} is an empty list.`, "List at least one field, or remove it.", "BAD_OPTION");
    if (new Set(list).size !== list.length) throw modelError({ model }, `option ${option} lists a field twice: [${list.join(", ")}].`, "List each field once.", "BAD_OPTION");
    for (const name of list) {
      const f = byName.get(name);
      if (!f) throw modelError({ model, field: name }, `is listed in option ${option} but the model has no such field.`, `Use one of: ${[...byName.keys()].join(", ")}.`, "UNKNOWN_FIELD");
      if (f.kind === "relation" && f.relation !== "belongsTo")
        throw modelError({ model, field: name }, `is a ${f.relation} relation, listed in option ${option}.`, "Only columns and belongsTo relations (their FK) can be part of a key or index.", "BAD_OPTION");
      if (f.kind === "scalar" && provider === "mysql" && (f.type === "text" || f.type === "json" || f.type === "bytes") && !prefixed.has(name) && !option.startsWith("fulltext"))
        throw modelError({ model, field: name }, `is a ${f.type} column, listed in option ${option}; MySQL cannot index ${f.type} columns without a prefix length.`, "Use t.string(length) instead, or add the index with a raw attribute that sets a length.", "MYSQL_INDEX");
      if (option === "id" && f.optional) throw modelError({ model, field: name }, "is optional but part of the composite id.", "Primary key fields must be required: drop .optional().", "BAD_ID");
      if (option === "id" && f.kind === "scalar" && f.list) throw modelError({ model, field: name }, "is a list and cannot be part of the primary key.", "Remove it from the id option.", "BAD_ID");
    }
  };
  if (model.id !== null) resolve(model.id, "id");
  model.unique.forEach((u, i) => resolve(u, `unique[${i}]`));
  // Prisma derives one constraint name from the columns, so the same unique twice cannot exist.
  const uniques = new Map<string, string>();
  for (const f of model.fields) if (f.unique && (f.kind === "scalar" || f.relation === "belongsTo")) uniques.set(f.name, `.unique() on "${f.name}"`);
  model.unique.forEach((u, i) => {
    const keyOf = u.join(",");
    const earlier = uniques.get(keyOf);
    if (earlier !== undefined) throw modelError({ model, field: u[0]! }, `option unique[${i}] [${u.join(", ")}] repeats ${earlier}.`, "Remove the duplicate unique constraint.", "BAD_OPTION");
    uniques.set(keyOf, `unique[${i}]`);
  });
  model.indexes.forEach((u, i) => resolve(u, `indexes[${i}]`));
  model.keys.forEach((k, i) => {
    const option = k.kind === "index" ? `indexes (${i})` : k.kind;
    resolve(
      k.fields.map((f) => f.name),
      option,
      new Set(k.fields.filter((f) => f.length !== null).map((f) => f.name)),
    );
    if (k.kind === "fulltext" && provider !== "mysql") throw modelError({ model }, `has a full-text index, which ${provider} does not support in Prisma.`, "Remove the fulltext option (it is MySQL only).", "BAD_OPTION");
  });
  if (model.keys.some((k) => k.kind === "id") && ids.length > 0) throw modelError({ model, field: ids[0]!.name }, "is a t.id() but the model also declares a composite { id: {...} }.", "Keep one of them.", "BAD_ID");
}

function checkRelationField(model: ModelEntry, field: RelationFieldDef, byName: Map<string, FieldDef>, provider: Provider): void {
  const at = { model, field: field.name };
  if (field.relationName !== null && !RELATION_NAME.test(field.relationName))
    throw modelError(at, `relationName ${JSON.stringify(field.relationName)} is not an identifier.`, 'Use letters, digits and underscores, e.g. "OrderBuyer".', "BAD_RELATION");
  if (field.relation !== "belongsTo") {
    const misplaced = [
      field.onDelete !== null && "onDelete",
      field.onUpdate !== null && "onUpdate",
      field.optional && "optional",
      field.foreignKey !== null && "foreignKey",
      field.keyType !== null && "keyType",
      field.unique && ".unique()",
      field.index && ".index()",
      field.column !== null && ".map()",
      field.attributes.length > 0 && ".attr()",
      field.fields !== null && "foreignKey",
      field.references !== null && "references",
      field.map !== null && "map",
    ].filter((x): x is string => typeof x === "string");
    if (misplaced.length > 0)
      throw modelError(at, `is a ${field.relation} relation and cannot take ${misplaced.join(", ")}.`, `Put ${misplaced.join(", ")} on the t.belongsTo("${model.name}") side in model ${field.target}.`, "BAD_RELATION");
    return;
  }
  if (field.map !== null && provider === "sqlite")
    throw modelError(at, `names its foreign key constraint (map: "${field.map}"), which SQLite does not support.`, "Remove the map option.", "BAD_RELATION");
  const declared = declaredForeignKeys(model, field);
  if (declared !== null) {
    checkDeclaredForeignKeys(model, field, declared, byName);
    if (provider === "mysql" && (field.onDelete === "setDefault" || field.onUpdate === "setDefault"))
      throw modelError(at, 'uses "setDefault", which MySQL\'s InnoDB engine refuses in foreign keys.', 'Use "setNull", "restrict", "noAction" or "cascade".', "BAD_RELATION");
    return;
  }
  if (field.references !== null)
    throw modelError(at, "sets references but no declared foreign key fields.", `Declare the foreign key field(s) in ${model.name} and name them: t.belongsTo("${field.target}", { foreignKey: [...], references: [...] }).`, "BAD_RELATION");
  const fk = foreignKeyOf(field);
  if (!FIELD_NAME.test(fk)) throw modelError(at, `foreign key name "${fk}" is not a valid field name.`, "Use a camelCase identifier in { foreignKey }.", "BAD_NAME");
  const clash = byName.get(fk);
  if (clash)
    throw modelError(
      { model, field: fk },
      `clashes with the foreign key that t.belongsTo() field "${field.name}" adds.`,
      `Remove "${fk}" (belongsTo adds it), or name the foreign key differently: t.belongsTo("${field.target}", { foreignKey: "..." }).`,
      "FIELD_CLASH",
    );
  if (field.onDelete === "setNull" && !field.optional)
    throw modelError(at, 'uses onDelete: "setNull" but the foreign key is required.', `Make the relation optional (t.belongsTo("${field.target}", { optional: true, onDelete: "setNull" })) or choose another action.`, "BAD_RELATION");
  if (field.onUpdate === "setNull" && !field.optional)
    throw modelError(at, 'uses onUpdate: "setNull" but the foreign key is required.', "Make the relation optional or choose another action.", "BAD_RELATION");
  if (provider === "mysql" && (field.onDelete === "setDefault" || field.onUpdate === "setDefault"))
    throw modelError(at, 'uses "setDefault", which MySQL\'s InnoDB engine refuses in foreign keys.', 'Use "setNull" (with optional: true), "restrict", "noAction" or "cascade".', "BAD_RELATION");
  for (const action of [field.onDelete, field.onUpdate])
    if (action !== null && !["cascade", "restrict", "noAction", "setNull", "setDefault"].includes(action))
      throw modelError(at, `has an unknown referential action ${JSON.stringify(action)}.`, 'Use "cascade", "restrict", "noAction", "setNull" or "setDefault".', "BAD_RELATION");
}

/** A belongsTo over fields the model declares: they exist, are scalars, and carry what the relation cannot. */
function checkDeclaredForeignKeys(model: ModelEntry, field: RelationFieldDef, declared: ScalarFieldDef[], byName: Map<string, FieldDef>): void {
  const at = { model, field: field.name };
  for (const name of field.fields ?? []) {
    const f = byName.get(name);
    if (!f) throw modelError(at, `names the foreign key field "${name}", which the model does not declare.`, `Declare ${name} (e.g. ${name}: t.int()) or use one of: ${[...byName.keys()].join(", ")}.`, "UNKNOWN_FIELD");
    if (f.kind !== "scalar") throw modelError(at, `names "${name}" as a foreign key field, but it is a relation.`, "Name the scalar fields that hold the key.", "BAD_RELATION");
  }
  if (new Set(declared.map((f) => f.name)).size !== declared.length) throw modelError(at, "lists a foreign key field twice.", "List each field once.", "BAD_RELATION");
  const misplaced = [field.column !== null && ".map()", field.keyType !== null && "keyType", field.attributes.length > 0 && ".attr()", field.index && ".index()"].filter((x): x is string => typeof x === "string");
  if (misplaced.length > 0)
    throw modelError(at, `uses the declared field(s) ${declared.map((f) => f.name).join(", ")} as its foreign key and cannot take ${misplaced.join(", ")}.`, `Put ${misplaced.join(", ")} on the declared field itself.`, "BAD_RELATION");
  if (field.references !== null && field.references.length !== declared.length)
    throw modelError(at, `has ${declared.length} foreign key field(s) but ${field.references.length} referenced field(s).`, "Give as many references as foreign key fields, in the same order.", "BAD_RELATION");
  if (!field.optional && declared.some((f) => f.optional))
    throw modelError(at, `is required, but its foreign key ${declared.filter((f) => f.optional).map((f) => `"${f.name}"`).join(", ")} is optional.`, `Add optional: true to the relation, or make the foreign key required.`, "BAD_RELATION");
}

function checkScalar(model: ModelEntry, field: ScalarFieldDef, provider: Provider): void {
  const at = { model, field: field.name };
  const limits = LIMITS[provider];
  if (field.list) {
    if (provider !== "postgresql")
      throw modelError(at, `is a list (t.list), which ${provider} does not support.`, 'Use a t.json() column instead, a related model, or switch the project to "postgresql".', "UNSUPPORTED_LIST");
    if (field.optional) throw modelError(at, "is an optional list, which Prisma does not support.", "Drop .optional(): an empty list stands for no values.", "BAD_FIELD");
    if (field.id !== null || field.updatedAt) throw modelError(at, "cannot be a list.", "Remove t.list().", "BAD_FIELD");
  }
  if (field.id !== null && field.optional) throw modelError(at, "is the primary key and cannot be optional.", "Drop .optional().", "BAD_ID");
  if (field.length !== null && field.length > limits.varchar)
    throw modelError(at, `has length ${field.length}, more than ${provider} allows in a VARCHAR (${limits.varchar}).`, "Use t.text() for long text.", "BAD_FIELD");
  if (field.precision !== null && (field.precision > limits.precision || (field.scale ?? 0) > limits.scale))
    throw modelError(at, `decimal(${field.precision}, ${field.scale}) exceeds ${provider}'s limits (precision ${limits.precision}, scale ${limits.scale}).`, "Use a smaller precision or scale.", "BAD_FIELD");
  const prefixed = (field.unique && field.uniqueOptions?.length != null) || (field.index && field.indexOptions?.length != null);
  if ((field.unique || field.index) && provider === "mysql" && (field.type === "text" || field.type === "json" || field.type === "bytes") && !prefixed)
    throw modelError(at, `is a ${field.type} column with ${field.unique ? ".unique()" : ".index()"}; MySQL cannot index ${field.type} columns without a prefix length.`, "Use t.string(length) for an indexed string, or drop the modifier.", "MYSQL_INDEX");
  if (field.native !== null && provider === "sqlite")
    throw modelError(at, `has the native type ${field.native.name}, but SQLite has no native types.`, "Remove .native() (and t.uuid() / t.char(): use t.string()).", "BAD_FIELD");
  if (field.type === "unsupported" && (field.id !== null || field.list)) throw modelError(at, "is an Unsupported column and cannot be a key or a list.", "Remove .id() or t.list().", "BAD_FIELD");
  if (field.default !== null) checkDefault(model, field, provider);
}

function checkDefault(model: ModelEntry, field: ScalarFieldDef, provider: Provider): void {
  const at = { model, field: field.name };
  const d = field.default!;
  const kind = field.list ? `list of ${field.type}` : field.type;
  const refuse = (what: string, fix: string): never => {
    throw modelError(at, `${what} is not a valid default for a ${kind} field.`, fix, "BAD_DEFAULT");
  };
  switch (d.kind) {
    case "now":
      if (field.list || (field.type !== "datetime" && field.type !== "date")) refuse("now()", "Use now() on t.datetime() or t.date() only.");
      return;
    case "uuid":
    case "cuid":
      if (field.list || (field.type !== "string" && field.type !== "text")) refuse(`${d.kind}()`, `Use ${d.kind}() on a t.string() field.`);
      return;
    case "autoincrement":
      if (field.list || (field.type !== "int" && field.type !== "bigint")) refuse("autoincrement()", "Use autoincrement() on t.int() or t.bigint().");
      if (field.id === null && provider === "sqlite")
        throw modelError(at, "uses autoincrement() but is not the primary key; SQLite only auto-increments the primary key.", "Remove the default or make the field the id (t.id()).", "BAD_DEFAULT");
      if (field.id === null && provider === "mysql" && !field.unique && !field.index)
        throw modelError(at, "uses autoincrement() on a column with no index; MySQL requires one.", "Add .unique() to the field.", "BAD_DEFAULT");
      return;
    case "json":
      if (field.type !== "json" || field.list) refuse("a JSON value", "Give a value of the field's type.");
      return;
    case "call":
      if (d.name === "dbgenerated" || d.name === "sequence") return;
      if ((d.name === "uuid" || d.name === "cuid" || d.name === "nanoid" || d.name === "ulid") && (field.list || (field.type !== "string" && field.type !== "text")))
        refuse(`${d.name}()`, `Use ${d.name}() on a t.string() field.`);
      return;
    case "literal": {
      if (Array.isArray(d.value) !== field.list) refuse(JSON.stringify(d.value), field.list ? "Give an array, e.g. .default([])." : "Give a single value, not an array.");
      if (field.list && field.type === "json") refuse(JSON.stringify(d.value), "Json lists cannot have a default; drop .default().");
      const values = Array.isArray(d.value) ? d.value : [d.value];
      for (const v of values) {
        const problem = literalProblem(field, v);
        if (problem !== null) refuse(JSON.stringify(v), problem);
      }
      return;
    }
  }
}

/** Why a literal does not fit the field's type, or null if it does. */
function literalProblem(field: ScalarFieldDef, value: LiteralValue): string | null {
  switch (field.type) {
    case "string":
    case "text":
      return typeof value === "string" ? null : "Give a string.";
    case "enum":
      return typeof value === "string" && (field.enumValues ?? []).includes(value) ? null : `Give one of the enum values: ${(field.enumValues ?? []).join(", ")}.`;
    case "int":
      return typeof value === "number" && Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647 ? null : "Give a 32-bit integer.";
    case "bigint":
      return (typeof value === "number" && Number.isSafeInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value)) ? null : "Give an integer (a number or a bigint literal like 10n).";
    case "float":
      return typeof value === "number" ? null : "Give a number.";
    case "decimal":
      return typeof value === "number" || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) ? null : 'Give a number or a decimal string like "9.99".';
    case "boolean":
      return typeof value === "boolean" ? null : "Give true or false.";
    case "datetime":
    case "date":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? null : "Give a Date or an ISO 8601 string, or now().";
    case "bytes":
      return typeof value === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? null : "Give the bytes as a base64 string.";
    case "json":
    case "unsupported":
      return null;
  }
}

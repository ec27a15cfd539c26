import type { BlockKeySpec, DefaultValue, FieldDef, FieldKeyOptions, KeyFieldSpec, LiteralValue, ModelDef, RelationFieldDef, ScalarFieldDef } from "../model/model-def.js";
import type { ImportedEnum, ImportedSchema } from "./import-schema.js";

/**
 * Writes imported model data as model files a person could have written: one file a model, the
 * shortest builders that give exactly the same data (t.id() rather than .id().default(...)),
 * enums in one shared module. The printed files evaluate to exactly the ModelDefs they came from
 * (checked by the import command and the corpus tests).
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function str(value: string): string {
  return JSON.stringify(value);
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : str(name);
}

function objectCode(entries: Array<[string, string | undefined]>): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return present.length === 0 ? "{}" : `{ ${present.map(([k, v]) => `${key(k)}: ${v}`).join(", ")} }`;
}

/** The JS code of a default function's argument list, e.g. uuid(7), dbgenerated("now()"). */
function callCode(name: string, args: ReadonlyArray<string | number>): string {
  return `${name}(${args.map((a) => (typeof a === "number" ? String(a) : str(a))).join(", ")})`;
}

function literalCode(field: ScalarFieldDef, value: LiteralValue): string {
  if (typeof value === "string" && field.type === "bigint" && /^-?\d+$/.test(value)) return `${value}n`;
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
  return typeof value === "string" ? str(value) : String(value);
}

/** The JS value whose JSON.stringify is exactly `text`, or undefined when none is (then the text is kept as a string). */
function jsonCode(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (JSON.stringify(value) === text) return text;
  } catch {
    // not JSON
  }
  return undefined;
}

function defaultCode(field: ScalarFieldDef, d: DefaultValue, uses: Set<string>): string {
  switch (d.kind) {
    case "now":
    case "uuid":
    case "cuid":
    case "autoincrement":
      uses.add(d.kind);
      return `${d.kind}()`;
    case "call":
      uses.add(d.name);
      return callCode(d.name, d.args);
    case "json": {
      const code = jsonCode(d.value);
      if (code === undefined) throw new Error(`the Json default ${str(d.value)} of ${field.name} is not in JSON's canonical form`);
      return code;
    }
    case "literal":
      return Array.isArray(d.value) ? `[${d.value.map((v) => literalCode(field, v)).join(", ")}]` : literalCode(field, d.value);
  }
}

function keyOptionsCode(options: FieldKeyOptions | null): string {
  if (options === null) return "";
  return objectCode([
    ["map", options.map === null ? undefined : str(options.map)],
    ["sort", options.sort === null ? undefined : str(options.sort)],
    ["length", options.length === null ? undefined : String(options.length)],
    ["clustered", options.clustered === null ? undefined : String(options.clustered)],
  ]);
}

/** The builder a scalar starts from, and whether it already holds the id and default. */
function scalarBase(f: ScalarFieldDef, enumRef: (name: string) => string): { code: string; idDone: boolean; nativeDone: boolean } {
  if (f.id === "int" || f.id === "bigint" || f.id === "uuid" || f.id === "cuid") return { code: f.id === "int" ? "t.id()" : `t.id(${str(f.id)})`, idDone: true, nativeDone: false };
  const plain = ((): { code: string; nativeDone: boolean } => {
    switch (f.type) {
      case "string":
        if (f.length !== null) return { code: `t.string(${f.length})`, nativeDone: false };
        if (f.native?.name === "Uuid" && f.native.args.length === 0) return { code: "t.uuid()", nativeDone: true };
        if (f.native?.name === "Char" && f.native.args.length === 1 && typeof f.native.args[0] === "number") return { code: `t.char(${f.native.args[0]})`, nativeDone: true };
        return { code: "t.string()", nativeDone: false };
      case "decimal":
        return { code: f.precision === null ? "t.decimal()" : `t.decimal(${f.precision}, ${f.scale ?? 0})`, nativeDone: false };
      case "enum":
        return { code: `t.enum(${enumRef(f.enumName!)})`, nativeDone: false };
      case "unsupported":
        return { code: `t.unsupported(${str(f.unsupported ?? "")})`, nativeDone: false };
      default:
        return { code: `t.${f.type}()`, nativeDone: false };
    }
  })();
  return { code: f.list ? `t.list(${plain.code})` : plain.code, idDone: false, nativeDone: plain.nativeDone };
}

function scalarCode(f: ScalarFieldDef, uses: Set<string>, enumRef: (name: string) => string): string {
  const base = scalarBase(f, enumRef);
  let code = base.code;
  if (f.id !== null && !base.idDone) code += `.id(${keyOptionsCode(f.idOptions)})`;
  if (f.optional) code += ".optional()";
  if (f.unique) code += `.unique(${keyOptionsCode(f.uniqueOptions)})`;
  if (f.index) code += ".index()";
  const implied = base.idDone && (f.id === "int" || f.id === "bigint" ? f.default?.kind === "autoincrement" : f.default?.kind === f.id);
  if (f.default !== null && !implied) code += `.default(${defaultCode(f, f.default, uses)})`;
  if (f.updatedAt) code += ".updatedAt()";
  if (f.column !== null) code += `.map(${str(f.column)})`;
  if (f.native !== null && !base.nativeDone) code += `.native(${[str(f.native.name), ...f.native.args.map((a) => (typeof a === "number" ? String(a) : str(a)))].join(", ")})`;
  if (f.doc !== null) code += `.doc(${str(f.doc)})`;
  if (f.ignore) code += ".ignore()";
  for (const a of f.attributes) code += `.attr(${str(a)})`;
  return code;
}

function relationCode(f: RelationFieldDef): string {
  const list = (names: string[]): string => (names.length === 1 ? str(names[0]!) : `[${names.map(str).join(", ")}]`);
  const options = objectCode([
    ["foreignKey", f.fields !== null ? `[${f.fields.map(str).join(", ")}]` : f.foreignKey !== null ? str(f.foreignKey) : undefined],
    ["references", f.references === null ? undefined : list(f.references)],
    ["optional", f.optional ? "true" : undefined],
    ["onDelete", f.onDelete === null ? undefined : str(f.onDelete)],
    ["onUpdate", f.onUpdate === null ? undefined : str(f.onUpdate)],
    ["relationName", f.relationName === null ? undefined : str(f.relationName)],
    ["map", f.map === null ? undefined : str(f.map)],
  ]);
  let code = `t.${f.relation}(${str(f.target)}${options === "{}" ? "" : `, ${options}`})`;
  if (f.unique) code += ".unique()";
  if (f.doc !== null) code += `.doc(${str(f.doc)})`;
  if (f.ignore) code += ".ignore()";
  return code;
}

function keyColumnCode(c: KeyFieldSpec): string {
  if (c.sort === null && c.length === null && c.ops === null) return str(c.name);
  return objectCode([
    ["field", str(c.name)],
    ["sort", c.sort === null ? undefined : str(c.sort)],
    ["length", c.length === null ? undefined : String(c.length)],
    ["ops", c.ops === null ? undefined : str(c.ops)],
  ]);
}

function blockKeyCode(k: BlockKeySpec): string {
  return objectCode([
    ["fields", `[${k.fields.map(keyColumnCode).join(", ")}]`],
    ["name", k.name === null ? undefined : str(k.name)],
    ["map", k.map === null ? undefined : str(k.map)],
    ["type", k.type === null ? undefined : str(k.type)],
    ["clustered", k.clustered === null ? undefined : String(k.clustered)],
  ]);
}

const listCode = (names: string[]): string => `[${names.map(str).join(", ")}]`;

function modelOptionsCode(m: ModelDef): string | undefined {
  const detailedId = m.keys.find((k) => k.kind === "id");
  const unique = [...m.unique.map(listCode), ...m.keys.filter((k) => k.kind === "unique").map(blockKeyCode)];
  const indexes = [...m.indexes.map(listCode), ...m.keys.filter((k) => k.kind === "index").map(blockKeyCode)];
  const fulltext = m.keys.filter((k) => k.kind === "fulltext").map(blockKeyCode);
  const entries: Array<[string, string | undefined]> = [
    ["table", m.table === null ? undefined : str(m.table)],
    ["schema", m.schema === null ? undefined : str(m.schema)],
    ["id", detailedId ? blockKeyCode(detailedId) : m.id === null ? undefined : listCode(m.id)],
    ["unique", unique.length ? `[\n    ${unique.join(",\n    ")},\n  ]` : undefined],
    ["indexes", indexes.length ? `[\n    ${indexes.join(",\n    ")},\n  ]` : undefined],
    ["fulltext", fulltext.length ? `[${fulltext.join(", ")}]` : undefined],
    ["doc", m.doc === null ? undefined : str(m.doc)],
    ["ignore", m.ignore ? "true" : undefined],
    ["attributes", m.attributes.length ? listCode(m.attributes) : undefined],
  ];
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  if (present.length === 0) return undefined;
  return `{\n${present.map(([k, v]) => `  ${k}: ${v},`).join("\n")}\n}`;
}

/** `const X = enumType(...)` for one enum. */
function enumCode(e: ImportedEnum): string {
  const o = e.options;
  const options = o === null
    ? ""
    : `, ${objectCode([
        ["map", o.map === null ? undefined : str(o.map)],
        ["values", Object.keys(o.valueMaps).length === 0 ? undefined : objectCode(Object.entries(o.valueMaps).map(([k, v]) => [k, str(v)]))],
        ["schema", o.schema === null ? undefined : str(o.schema)],
        ["doc", o.doc === null ? undefined : str(o.doc)],
      ])}`;
  return `export const ${e.name} = enumType(${str(e.name)}, [${e.values.map(str).join(", ")}]${options});`;
}

export const ENUMS_MODULE = "enums.ts";

/** The identifier a model file uses for an enum; names that collide with the file's own imports get a suffix. */
const RESERVED_IDENTIFIERS = new Set(["model", "t", "enumType", "now", "uuid", "cuid", "autoincrement", "nanoid", "ulid", "dbgenerated", "sequence"]);
function enumIdentifier(name: string): string {
  return RESERVED_IDENTIFIERS.has(name) ? `${name}Enum` : name;
}

/** File name (in the models folder) -> content, for every model and the enums module. */
export function printModelFiles(schema: ImportedSchema): Map<string, string> {
  const files = new Map<string, string>();
  if (schema.enums.length > 0) {
    const body = schema.enums.map((e) => enumCode(e).replace(`export const ${e.name} =`, `export const ${enumIdentifier(e.name)} =`));
    files.set(ENUMS_MODULE, `import { enumType } from "backant/model";\n\n${body.join("\n")}\n`);
  }
  for (const m of schema.models) files.set(`${m.name}.model.ts`, printModel(m));
  return files;
}

export function printModel(m: ModelDef): string {
  const uses = new Set<string>();
  const enums = new Set<string>();
  const enumRef = (name: string): string => {
    enums.add(name);
    return enumIdentifier(name);
  };
  const fieldLines = m.fields.map((f: FieldDef) => `  ${key(f.name)}: ${f.kind === "scalar" ? scalarCode(f, uses, enumRef) : relationCode(f)},`);
  const options = modelOptionsCode(m);
  const helpers = ["now", "uuid", "cuid", "autoincrement", "nanoid", "ulid", "dbgenerated", "sequence"].filter((h) => uses.has(h));
  const imports = [`import { model, t${helpers.length ? `, ${helpers.join(", ")}` : ""} } from "backant/model";`];
  if (enums.size > 0) imports.push(`import { ${[...enums].sort().map(enumIdentifier).join(", ")} } from "./enums.js";`);
  const call = `export default model(${str(m.name)}, {\n${fieldLines.join("\n")}\n}${options === undefined ? "" : `, ${options}`});\n`;
  return `${imports.join("\n")}\n\n${call}`;
}

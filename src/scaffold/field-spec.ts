import { InputError } from "../errors.js";
import { LIST_CONTROL_KEYS } from "../runtime/resource-schemas.js";
import { ENUM_VALUE, lowerFirst, MODEL_NAME, snakeCase, upperFirst } from "../schema/naming.js";
import { closestMatch } from "./closest-match.js";
import { toPascalCase } from "./model-name.js";
import { MAX_NAME_LENGTH, shortened } from "./name-rules.js";

/**
 * The `--fields` mini-language of `backant add-model`, in the style of Rails generators and Blitz:
 *
 *   title:string  total:decimal(10,2)  status:enum(pending,paid):default(pending)  note:text?
 *   customer:belongsTo(Users)  tags:string[]  email:string(120):unique  views:int:index
 *
 * A spec is `name[?]:type[(args)][[]][?]` followed by any of `:unique`, `:index`, `:optional`,
 * `:default(value)`, and the request checks `:email`, `:url`, `:minLength(n)`, `:maxLength(n)`
 * (text), `:min(n)`, `:max(n)` (int, float). Specs are separated by whitespace (or commas) outside parentheses.
 * Parsing yields typed specs; nothing here knows about files or the DSL's source text.
 */

export const scalarTypeNames = [
  "string",
  "text",
  "int",
  "bigint",
  "float",
  "decimal",
  "boolean",
  "datetime",
  "date",
  "json",
  "bytes",
  "uuid",
  "cuid",
] as const;
export const relationKinds = ["belongsTo", "hasOne", "hasMany", "manyToMany"] as const;
export const timestampTypeNames = ["createdAt", "updatedAt"] as const;
/** As t.id() takes them; "int" (autoincrement) is the default. */
export const idStrategies = ["int", "bigint", "uuid", "cuid"] as const;

export type ScalarTypeName = (typeof scalarTypeNames)[number];
export type RelationKind = (typeof relationKinds)[number];
export type TimestampTypeName = (typeof timestampTypeNames)[number];
export type IdStrategy = (typeof idStrategies)[number];

/** Every type name the parser accepts (DSL.md's `t.*` builders, plus `enum` and `id`). */
export const fieldTypeNames: readonly string[] = [...scalarTypeNames, "enum", ...relationKinds, "id", ...timestampTypeNames];

export type DefaultSpec =
  | { kind: "value"; value: string | number | boolean }
  /** `now()`: datetime and date only. */
  | { kind: "now" };

/** A request check of a scalar field (the model DSL's .email(), .min(n) ...). */
export interface ValidationSpec {
  name: ValidationName;
  /** The bound of min, max, minLength, maxLength. */
  value?: number;
}

const TEXT_VALIDATIONS = ["email", "url", "minLength", "maxLength"] as const;
const NUMBER_VALIDATIONS = ["min", "max"] as const;
const validationNames: readonly string[] = [...TEXT_VALIDATIONS, ...NUMBER_VALIDATIONS];
export type ValidationName = (typeof TEXT_VALIDATIONS)[number] | (typeof NUMBER_VALIDATIONS)[number];

export interface ScalarFieldSpec {
  kind: "scalar";
  name: string;
  type: ScalarTypeName;
  /** string(N): maximum length. */
  length?: number;
  /** decimal(P,S). */
  precision?: number;
  scale?: number;
  optional: boolean;
  list: boolean;
  unique: boolean;
  index: boolean;
  default?: DefaultSpec;
  /** Request checks, in the order given. */
  validations?: ValidationSpec[];
}

export interface EnumFieldSpec {
  kind: "enum";
  name: string;
  values: string[];
  optional: boolean;
  list: boolean;
  unique: boolean;
  index: boolean;
  default?: string;
}

export interface RelationFieldSpec {
  kind: "relation";
  name: string;
  relation: RelationKind;
  /** Name of the related model (PascalCase). */
  target: string;
  /** belongsTo only: the foreign key may be null. */
  optional: boolean;
  /** belongsTo only: a unique foreign key (one-to-one). */
  unique: boolean;
  /** belongsTo only: an index on the foreign key. */
  index: boolean;
}

export interface IdFieldSpec {
  kind: "id";
  name: string;
  strategy: IdStrategy;
}

export interface TimestampFieldSpec {
  kind: "timestamp";
  name: string;
  type: TimestampTypeName;
}

export type FieldSpec = ScalarFieldSpec | EnumFieldSpec | RelationFieldSpec | IdFieldSpec | TimestampFieldSpec;

export const fieldSpecSyntax =
  'Write fields as name:type, e.g. --fields "title:string(200) total:decimal(10,2) status:enum(pending,paid) ' +
  'note:text? customer:belongsTo(Users) tags:string[] email:string:unique views:int:index".';

/** Parses a whole `--fields` value. Throws InputError (exit 2) naming the bad spec. */
export function parseFieldSpecs(text: string): FieldSpec[] {
  const specs = splitSpecs(text).map(parseFieldSpec);
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) {
      throw new InputError(`Duplicate field "${spec.name}" in --fields.`, {
        code: "DUPLICATE_FIELD",
        hint: "Give each field once.",
      });
    }
    seen.add(spec.name);
  }
  return specs;
}

/** Splits on whitespace and commas that are not inside parentheses. */
export function splitSpecs(text: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let depth = 0;
  for (const char of text) {
    if (char === "(") depth += 1;
    if (char === ")") {
      depth -= 1;
      if (depth < 0) throw malformed(current + char, 'unexpected ")"');
    }
    if (depth === 0 && (char === "," || /\s/.test(char))) {
      if (current) tokens.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (depth > 0) throw malformed(current, 'missing ")"');
  if (current) tokens.push(current);
  return tokens;
}

interface RawModifier {
  name: string;
  args: string[] | undefined;
}

/** Parses one spec such as `email:string(120)?:unique`. */
export function parseFieldSpec(token: string): FieldSpec {
  const scanner = new Scanner(token);

  const name = scanner.identifier();
  if (!name) {
    throw malformed(token, scanner.atEnd() ? "empty field spec" : `expected a field name at "${scanner.rest()}"`);
  }
  let optional = scanner.take("?");
  if (!scanner.take(":")) {
    if (scanner.atEnd()) throw malformed(token, `missing the type: write ${name}:string (or another type)`);
    throw malformed(token, `unexpected "${scanner.rest()}" after the field name`);
  }
  checkFieldName(name, token);

  const typeName = scanner.identifier();
  if (!typeName) {
    throw malformed(token, scanner.atEnd() ? "missing the type after \":\"" : `expected a type at "${scanner.rest()}"`);
  }
  const typeArgs = scanner.take("(") ? scanner.arguments(token) : undefined;
  let list = false;
  if (scanner.take("[")) {
    if (!scanner.take("]")) throw malformed(token, 'expected "[]"');
    list = true;
  }
  if (scanner.take("?")) {
    if (optional) throw malformed(token, '"?" given twice');
    optional = true;
  }
  if (scanner.peek() === "[") throw malformed(token, 'write "[]" before "?"');

  const modifiers: RawModifier[] = [];
  while (scanner.take(":")) {
    const modifier = scanner.identifier();
    if (!modifier) throw malformed(token, scanner.atEnd() ? 'missing a modifier after ":"' : `expected a modifier at "${scanner.rest()}"`);
    const args = scanner.take("(") ? scanner.arguments(token) : undefined;
    modifiers.push({ name: modifier, args });
  }
  if (!scanner.atEnd()) throw malformed(token, `unexpected "${scanner.rest()}"`);

  let unique = false;
  let index = false;
  let defaultArg: string | undefined;
  const validations: ValidationSpec[] = [];
  for (const modifier of modifiers) {
    if (validationNames.includes(modifier.name)) {
      validations.push(validationOf(modifier, token));
      continue;
    }
    const takesArgs = modifier.name === "default";
    if (!takesArgs && modifier.args !== undefined) throw malformed(token, `":${modifier.name}" takes no arguments`);
    switch (modifier.name) {
      case "unique":
        unique = true;
        break;
      case "index":
        index = true;
        break;
      case "optional":
        optional = true;
        break;
      case "default": {
        if (modifier.args === undefined || modifier.args.length !== 1 || modifier.args[0] === "") {
          throw malformed(token, "write the default as :default(value)");
        }
        defaultArg = modifier.args[0];
        break;
      }
      default: {
        const suggestion = closestMatch(modifier.name, ["unique", "index", "optional", "default", ...validationNames]);
        throw malformed(
          token,
          `unknown modifier ":${modifier.name}"${suggestion ? ` (did you mean ":${suggestion}"?)` : ""}; modifiers are :unique, :index, :optional, :default(value), :email, :url, :minLength(n), :maxLength(n), :min(n), :max(n)`,
        );
      }
    }
  }

  const parts: SpecParts = { token, name, typeName, typeArgs, optional, list, unique, index, defaultArg, validations };
  if (validations.length > 0 && !(scalarTypeNames as readonly string[]).includes(typeName)) throw malformed(token, `:${validations[0]!.name} applies to string, text, int and float fields`);
  // A relation is no column (its foreign key is `<name>Id`): only columns meet the query keys.
  if (!(relationKinds as readonly string[]).includes(typeName)) checkColumnName(name, token);
  if ((scalarTypeNames as readonly string[]).includes(typeName)) return buildScalar(parts, typeName as ScalarTypeName);
  if (typeName === "enum") return buildEnum(parts);
  if ((relationKinds as readonly string[]).includes(typeName)) return buildRelation(parts, typeName as RelationKind);
  if (typeName === "id") return buildId(parts);
  if ((timestampTypeNames as readonly string[]).includes(typeName)) return buildTimestamp(parts, typeName as TimestampTypeName);

  const suggestion = closestMatch(typeName, fieldTypeNames);
  throw new InputError(
    `Unknown type "${typeName}" in field spec ${shortened(token)}.${suggestion ? ` Did you mean "${suggestion}"?` : ""}`,
    { code: "UNKNOWN_FIELD_TYPE", hint: `Known types: ${fieldTypeNames.join(", ")}.` },
  );
}

interface SpecParts {
  token: string;
  name: string;
  typeName: string;
  typeArgs: string[] | undefined;
  optional: boolean;
  list: boolean;
  unique: boolean;
  index: boolean;
  defaultArg: string | undefined;
  validations: ValidationSpec[];
}

/** `:email`, `:min(13)` ...: the argument is checked here, the field type in buildScalar. */
function validationOf(modifier: RawModifier, token: string): ValidationSpec {
  const name = modifier.name as ValidationName;
  if (name === "email" || name === "url") {
    if (modifier.args !== undefined) throw malformed(token, `":${name}" takes no arguments`);
    return { name };
  }
  if (modifier.args === undefined || modifier.args.length !== 1) throw malformed(token, `write :${name}(n), e.g. :${name}(${name === "min" || name === "max" ? "0" : "3"})`);
  const raw = modifier.args[0]!.trim();
  if (name === "minLength" || name === "maxLength") return { name, value: nonNegativeInteger(raw, token, `the length of :${name}(n)`) };
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) throw malformed(token, `:${name}(n) needs a number, got "${raw}"`);
  return { name, value };
}

function buildScalar(parts: SpecParts, type: ScalarTypeName): ScalarFieldSpec {
  const { token, typeArgs } = parts;
  const spec: ScalarFieldSpec = {
    kind: "scalar",
    name: parts.name,
    type,
    optional: parts.optional,
    list: parts.list,
    unique: parts.unique,
    index: parts.index,
  };
  if (type === "string" && typeArgs !== undefined) {
    if (typeArgs.length !== 1) throw malformed(token, "string takes one length, e.g. string(120)");
    spec.length = positiveInteger(typeArgs[0], token, "the length of string(N)");
  } else if (type === "decimal" && typeArgs !== undefined) {
    if (typeArgs.length !== 2) throw malformed(token, "decimal takes precision and scale, e.g. decimal(10,2)");
    const precision = positiveInteger(typeArgs[0], token, "the precision of decimal(P,S)");
    const scale = nonNegativeInteger(typeArgs[1], token, "the scale of decimal(P,S)");
    if (precision > 65) throw malformed(token, "the precision of decimal(P,S) is at most 65");
    if (scale > precision) throw malformed(token, "the scale of decimal(P,S) cannot exceed its precision");
    spec.precision = precision;
    spec.scale = scale;
  } else if (typeArgs !== undefined) {
    throw malformed(token, `${type} takes no arguments`);
  }
  if (parts.list && parts.optional) throw malformed(token, "a list cannot be optional (an empty list is the absence of values)");
  if (parts.list && (type === "uuid" || type === "cuid")) throw malformed(token, `${type} cannot be a list`);
  if (parts.defaultArg !== undefined) {
    if (parts.list) throw malformed(token, "a list cannot have a default");
    spec.default = parseDefault(parts.defaultArg, type, token);
  }
  for (const v of parts.validations) {
    const allowed: readonly string[] = (TEXT_VALIDATIONS as readonly string[]).includes(v.name) ? ["string", "text"] : ["int", "float"];
    if (!allowed.includes(type)) throw malformed(token, `:${v.name} applies to ${allowed.join(" and ")} fields, not ${type}`);
  }
  if (parts.validations.length > 0) spec.validations = parts.validations;
  return spec;
}

function buildEnum(parts: SpecParts): EnumFieldSpec {
  const { token, typeArgs } = parts;
  if (typeArgs === undefined || typeArgs.length === 0 || typeArgs.every((value) => value === "")) {
    throw malformed(token, "an enum needs its values, e.g. enum(pending,paid)");
  }
  const values: string[] = [];
  for (const value of typeArgs) {
    if (!ENUM_VALUE.test(value)) {
      throw malformed(token, `enum value "${value}" is not an identifier (letters, digits and _, starting with a letter)`);
    }
    if (values.includes(value)) throw malformed(token, `enum value "${value}" is given twice`);
    values.push(value);
  }
  if (parts.list && parts.optional) throw malformed(token, "a list cannot be optional");
  const spec: EnumFieldSpec = {
    kind: "enum",
    name: parts.name,
    values,
    optional: parts.optional,
    list: parts.list,
    unique: parts.unique,
    index: parts.index,
  };
  if (parts.defaultArg !== undefined) {
    if (parts.list) throw malformed(token, "a list cannot have a default");
    if (!values.includes(parts.defaultArg)) {
      throw malformed(token, `the default "${parts.defaultArg}" is not one of the enum values (${values.join(", ")})`);
    }
    spec.default = parts.defaultArg;
  }
  return spec;
}

function buildRelation(parts: SpecParts, relation: RelationKind): RelationFieldSpec {
  const { token, typeArgs } = parts;
  if (typeArgs === undefined || typeArgs.length !== 1 || typeArgs[0] === "") {
    throw malformed(token, `${relation} needs the related model, e.g. ${relation}(Users)`);
  }
  const target = typeArgs[0] as string;
  if (!MODEL_NAME.test(target)) {
    throw malformed(token, `the related model "${target}" is not a PascalCase model name`);
  }
  if (parts.list) throw malformed(token, `${relation} cannot be a list (use hasMany or manyToMany)`);
  if (parts.defaultArg !== undefined) throw malformed(token, "a relation cannot have a default");
  if (relation !== "belongsTo" && (parts.optional || parts.unique || parts.index)) {
    throw malformed(token, `"?", :unique and :index apply to belongsTo only (the foreign key lives on the other model)`);
  }
  return {
    kind: "relation",
    name: parts.name,
    relation,
    target,
    optional: parts.optional,
    unique: parts.unique,
    index: parts.index,
  };
}

function buildId(parts: SpecParts): IdFieldSpec {
  const { token, typeArgs } = parts;
  let strategy: IdStrategy = "int";
  if (typeArgs !== undefined) {
    const [arg] = typeArgs;
    if (typeArgs.length !== 1 || !(idStrategies as readonly string[]).includes(arg ?? "")) {
      throw malformed(token, `id takes one of ${idStrategies.join(", ")}, e.g. id(uuid)`);
    }
    strategy = arg as IdStrategy;
  }
  if (parts.optional || parts.list || parts.unique || parts.index || parts.defaultArg !== undefined) {
    throw malformed(token, "an id takes no modifiers");
  }
  return { kind: "id", name: parts.name, strategy };
}

function buildTimestamp(parts: SpecParts, type: TimestampTypeName): TimestampFieldSpec {
  if (parts.typeArgs !== undefined) throw malformed(parts.token, `${type} takes no arguments`);
  if (parts.optional || parts.list || parts.unique || parts.index || parts.defaultArg !== undefined) {
    throw malformed(parts.token, `${type} takes no modifiers`);
  }
  return { kind: "timestamp", name: parts.name, type };
}

function parseDefault(raw: string, type: ScalarTypeName, token: string): DefaultSpec {
  switch (type) {
    case "int":
    case "bigint":
      if (!/^-?\d+$/.test(raw)) throw malformed(token, `the default of an ${type} must be an integer, not "${raw}"`);
      if (!Number.isSafeInteger(Number(raw))) throw malformed(token, `the default "${raw}" is too large`);
      return { kind: "value", value: Number(raw) };
    case "float":
    case "decimal":
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw)) throw malformed(token, `the default of a ${type} must be a number, not "${raw}"`);
      return { kind: "value", value: Number(raw) };
    case "boolean":
      if (raw !== "true" && raw !== "false") throw malformed(token, `the default of a boolean is true or false, not "${raw}"`);
      return { kind: "value", value: raw === "true" };
    case "datetime":
    case "date":
      if (raw !== "now" && raw !== "now()") throw malformed(token, `the default of a ${type} can only be now`);
      return { kind: "now" };
    case "string":
    case "text":
      return { kind: "value", value: unquote(raw) };
    case "json":
    case "bytes":
    case "uuid":
    case "cuid":
      throw malformed(token, `a ${type} field cannot take :default(...)`);
  }
}

function unquote(raw: string): string {
  const quoted = /^(["'])(.*)\1$/s.exec(raw);
  return quoted ? (quoted[2] as string) : raw;
}

/**
 * Field names the generated API cannot carry:
 * - Object.prototype's members: the generated code reads fields as `row[name]` and `body[name]`, so
 *   a field called `constructor` meets the prototype's (a 500 on create, and tsc fails on the types);
 * - the list route's paging and sorting keys (?page, ?pageSize, ?sort, ?order): a field of that
 *   name could not be filtered on, and its generated filter test fails. ("total", the flag that
 *   asks for a count, stays allowed: it is the natural name of an amount, and such a field is
 *   only left out of the filters, as json fields are.)
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
const PAGING_KEYS: readonly string[] = LIST_CONTROL_KEYS.filter((key) => key !== "total");

function checkFieldName(name: string, token: string): void {
  const quoted = shortened(token);
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) {
    const suggestion = lowerFirst(toPascalCase(name));
    throw new InputError(
      `Invalid field name ${shortened(name)} in field spec ${quoted}: field names are camelCase identifiers` + (suggestion && suggestion !== name ? ` (did you mean "${suggestion}"?)` : "") + ".",
      { code: "BAD_FIELD_NAME", hint: fieldSpecSyntax },
    );
  }
  const refuse = (why: string): never => {
    throw new InputError(`Invalid field name ${shortened(name)} in field spec ${quoted}: ${why}.`, { code: "RESERVED_FIELD_NAME", hint: `Choose another name, e.g. "${name}Value" or "item${upperFirst(name)}".` });
  };
  if (snakeCase(name).length > MAX_NAME_LENGTH) refuse(`its column name would be ${snakeCase(name).length} characters long, and databases take at most ${MAX_NAME_LENGTH}`);
  if (PROTOTYPE_NAMES.has(name)) refuse(`every JavaScript object already has a "${name}" (Object.prototype), so the generated API could not tell the field from it`);
}

function checkColumnName(name: string, token: string): void {
  if (!PAGING_KEYS.includes(name)) return;
  throw new InputError(`Invalid field name ${shortened(name)} in field spec ${shortened(token)}: the list route uses ?${name} for paging and sorting (${PAGING_KEYS.join(", ")}), so the field could not be filtered on.`, {
    code: "RESERVED_FIELD_NAME",
    hint: `Choose another name, e.g. "${name}Value" or "item${upperFirst(name)}".`,
  });
}

function positiveInteger(raw: string | undefined, token: string, what: string): number {
  const value = nonNegativeInteger(raw, token, what);
  if (value === 0) throw malformed(token, `${what} must be at least 1`);
  return value;
}

function nonNegativeInteger(raw: string | undefined, token: string, what: string): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw malformed(token, `${what} must be a whole number, not "${raw ?? ""}"`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw malformed(token, `${what} is too large`);
  return value;
}

function malformed(token: string, reason: string): InputError {
  // The reason quotes parts of the token: control characters (a newline in a spec's key) are shown escaped, so the message stays one line.
  const shown = reason.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
  return new InputError(`Malformed field spec ${shortened(token)}: ${shown}.`, { code: "BAD_FIELD_SPEC", hint: fieldSpecSyntax });
}

/** A cursor over one spec; every read either consumes what it names or leaves the position alone. */
class Scanner {
  private position = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.position];
  }

  rest(): string {
    return this.text.slice(this.position);
  }

  take(char: string): boolean {
    if (this.text[this.position] !== char) return false;
    this.position += 1;
    return true;
  }

  identifier(): string {
    const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.rest());
    if (!match) return "";
    this.position += match[0].length;
    return match[0];
  }

  /** After "(": reads comma-separated arguments up to the matching ")". */
  arguments(token: string): string[] {
    const close = this.text.indexOf(")", this.position);
    if (close < 0) throw malformed(token, 'missing ")"');
    const inner = this.text.slice(this.position, close);
    if (inner.includes("(")) throw malformed(token, 'unexpected "(" inside parentheses');
    this.position = close + 1;
    return inner.split(",").map((arg) => arg.trim());
  }
}

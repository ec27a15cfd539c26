/**
 * An enum declared once and shared by models (`export const Role = enumType("Role", [...])` in a
 * module the model files import, then `t.enum(Role)`), with what the database calls it.
 */
export const ENUM_KIND = "backant.enum";

export interface EnumTypeOptions<V extends readonly string[]> {
  /** Database name of the enum type (@@map); default: the project's naming (snake_case of the name, or the name as written). */
  map?: string;
  /** Database names of values that differ from their names (@map), e.g. { ROUND_ROBIN: "roundRobin" }. */
  values?: Partial<Record<V[number], string>>;
  /** PostgreSQL schema, with multiple schemas. */
  schema?: string;
  /** Documentation (`///` above the enum). */
  doc?: string;
}

export interface EnumType<V extends readonly [string, ...string[]] = readonly [string, ...string[]]> {
  readonly kind: typeof ENUM_KIND;
  readonly name: string;
  readonly values: V;
  readonly map: string | null;
  readonly valueMaps: Readonly<Record<string, string>>;
  readonly schema: string | null;
  readonly doc: string | null;
}

export function enumType<const V extends readonly [string, ...string[]]>(name: string, values: V, options: EnumTypeOptions<V> = {}): EnumType<V> {
  if (typeof name !== "string" || name.length === 0) throw new TypeError("enumType(name, values) needs an enum name");
  if (!Array.isArray(values) || values.length === 0) throw new TypeError(`enumType("${name}", values) needs a non-empty array of values`);
  if (typeof options !== "object" || options === null) throw new TypeError(`enumType("${name}", values, options): options must be an object`);
  const valueMaps: Record<string, string> = {};
  for (const [value, db] of Object.entries(options.values ?? {})) {
    if (!values.includes(value)) throw new TypeError(`enumType("${name}"): values maps "${value}", which is not one of its values`);
    if (typeof db !== "string" || db.length === 0) throw new TypeError(`enumType("${name}"): the database name of "${value}" must be a non-empty string`);
    valueMaps[value] = db;
  }
  return Object.freeze({
    kind: ENUM_KIND,
    name,
    values: Object.freeze([...values]) as unknown as V,
    map: options.map ?? null,
    valueMaps: Object.freeze(valueMaps),
    schema: options.schema ?? null,
    doc: options.doc ?? null,
  });
}

export function isEnumType(value: unknown): value is EnumType {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === ENUM_KIND;
}

/** Database-side default functions for `.default(...)`; tagged objects so plain literals stay unambiguous. */

export type DefaultFunctionName = "now" | "uuid" | "cuid" | "autoincrement" | "nanoid" | "ulid" | "dbgenerated" | "sequence";

export interface DefaultFunction<N extends DefaultFunctionName = DefaultFunctionName> {
  readonly __backantDefault: N;
  /** Arguments, for the functions that take them: uuid(7), cuid(2), nanoid(16), dbgenerated("..."). */
  readonly args?: ReadonlyArray<string | number>;
}

const make = <N extends DefaultFunctionName>(name: N, args: ReadonlyArray<string | number> = []): DefaultFunction<N> =>
  Object.freeze(args.length === 0 ? { __backantDefault: name } : { __backantDefault: name, args: Object.freeze([...args]) });

function version(fn: string, value: unknown, allowed: readonly number[]): number[] {
  if (value === undefined) return [];
  if (typeof value !== "number" || !allowed.includes(value)) throw new TypeError(`${fn}(version) takes ${allowed.join(" or ")}, got ${String(value)}`);
  return [value];
}

export const now = (): DefaultFunction<"now"> => make("now");
/** uuid() is a v4 UUID; uuid(7) a time-ordered v7. */
export const uuid = (v?: 4 | 7): DefaultFunction<"uuid"> => make("uuid", version("uuid", v, [4, 7]));
/** cuid() or cuid(2). */
export const cuid = (v?: 1 | 2): DefaultFunction<"cuid"> => make("cuid", version("cuid", v, [1, 2]));
export const autoincrement = (): DefaultFunction<"autoincrement"> => make("autoincrement");
/** nanoid() (21 characters) or nanoid(length). */
export const nanoid = (length?: number): DefaultFunction<"nanoid"> => {
  if (length !== undefined && (!Number.isInteger(length) || length < 2 || length > 255)) throw new TypeError(`nanoid(length) takes an integer from 2 to 255, got ${String(length)}`);
  return make("nanoid", length === undefined ? [] : [length]);
};
export const ulid = (): DefaultFunction<"ulid"> => make("ulid");
/** A default computed by the database: dbgenerated("gen_random_uuid()"); with no argument, "some default the schema does not spell". */
export const dbgenerated = (expression?: string): DefaultFunction<"dbgenerated"> => {
  if (expression !== undefined && typeof expression !== "string") throw new TypeError("dbgenerated(expression) takes the SQL expression as a string");
  return make("dbgenerated", expression === undefined ? [] : [expression]);
};
/** CockroachDB sequences. */
export const sequence = (): DefaultFunction<"sequence"> => make("sequence");

export function isDefaultFunction(value: unknown): value is DefaultFunction {
  return typeof value === "object" && value !== null && "__backantDefault" in value;
}

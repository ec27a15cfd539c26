/** Database-side default functions for `.default(...)`; tagged objects so plain literals stay unambiguous. */

export interface DefaultFunction<N extends "now" | "uuid" | "cuid" | "autoincrement" = "now" | "uuid" | "cuid" | "autoincrement"> {
  readonly __backantDefault: N;
}

const make = <N extends "now" | "uuid" | "cuid" | "autoincrement">(name: N): DefaultFunction<N> =>
  Object.freeze({ __backantDefault: name });

export const now = (): DefaultFunction<"now"> => make("now");
export const uuid = (): DefaultFunction<"uuid"> => make("uuid");
export const cuid = (): DefaultFunction<"cuid"> => make("cuid");
export const autoincrement = (): DefaultFunction<"autoincrement"> => make("autoincrement");

export function isDefaultFunction(value: unknown): value is DefaultFunction {
  return typeof value === "object" && value !== null && "__backantDefault" in value;
}

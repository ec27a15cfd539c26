/** Name conventions shared by the checks and the renderer. */

/** What backant's generators create (add-model, specs): PascalCase. */
export const MODEL_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** What a model file may declare: any name Prisma accepts for a model or enum (imported schemas have `model account`). */
export const PRISMA_TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Field names as Prisma accepts them (relation fields named like their model, `User User`, are common). */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
export const ENUM_VALUE = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Table, column and relation names are quoted in the schema, but keep them portable SQL identifiers. */
export const DB_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const RELATION_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** "OrderLines" -> "order_lines", "customerId" -> "customer_id", "HTTPLogs" -> "http_logs", "line2Item" -> "line2_item". */
export function snakeCase(name: string): string {
  let snake = snakeCache.get(name);
  if (snake === undefined) {
    snake = name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
      .toLowerCase();
    snakeCache.set(name, snake);
  }
  return snake;
}

// The renderer asks for the same names many times; regex replaces dominated a 1,000-model render.
const snakeCache = new Map<string, string>();

/** The database name a model, field or enum gets when none is given, under the project's naming. */
export function databaseName(name: string, naming: "snake_case" | "as-written"): string {
  return naming === "as-written" ? name : snakeCase(name);
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Names Prisma refuses for models and enums (psl reserved_names.rs: PrismaClient plus JavaScript
 * keywords, all lower case so never a PascalCase model name), the scalar type names, and "Prisma",
 * the namespace the generated client exports.
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  "PrismaClient",
  "Prisma",
  "String",
  "Boolean",
  "Int",
  "BigInt",
  "Float",
  "Decimal",
  "DateTime",
  "Json",
  "Bytes",
  "Unsupported",
]);

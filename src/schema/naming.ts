/** Name conventions shared by the checks and the renderer. */

export const MODEL_NAME = /^[A-Z][A-Za-z0-9]*$/;
export const FIELD_NAME = /^[a-z][A-Za-z0-9_]*$/;
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

/** TypeScript types of row values, as the generated Prisma 7 client returns them. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Structural stand-in for Prisma's Decimal (decimal.js), so the DSL does not depend on the client. */
export interface DecimalValue {
  toNumber(): number;
  toFixed(decimalPlaces?: number): string;
  toString(): string;
}

/** TypeScript types of row values, as the generated Prisma 7 client returns them. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The value type of t.unsupported(): the Prisma Client neither reads nor writes such a column, so rows leave it out. */
export interface UnsupportedValue {
  readonly __unsupported: true;
}

/** Structural stand-in for Prisma's Decimal (decimal.js), so the DSL does not depend on the client. */
export interface DecimalValue {
  toNumber(): number;
  toFixed(decimalPlaces?: number): string;
  toString(): string;
}

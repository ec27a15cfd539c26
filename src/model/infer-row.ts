import type { FieldBuilder, RelationBuilder } from "./field-builder.js";
import type { FieldsShape, Model } from "./model.js";
import type { UnsupportedValue } from "./values.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ScalarColumns<F extends FieldsShape> = {
  // Unsupported("...") columns are not in the Prisma Client's rows.
  [K in keyof F as F[K] extends FieldBuilder<infer T, boolean> ? ([T] extends [UnsupportedValue] ? never : K) : never]: F[K] extends FieldBuilder<infer T, infer O>
    ? O extends true
      ? T | null
      : T
    : never;
};

type ForeignKeyName<K, FK> = FK extends string ? FK : `${K & string}Id`;

/** A belongsTo over fields the model declares ({ foreignKey: "userId" } with a userId field, or a list) adds no column. */
type AddedForeignKey<F extends FieldsShape, K, FK> = FK extends "" ? never : ForeignKeyName<K, FK> extends keyof F ? never : ForeignKeyName<K, FK>;

type ForeignKeyColumns<F extends FieldsShape> = {
  [K in keyof F as F[K] extends RelationBuilder<true, infer FK, any, boolean> ? AddedForeignKey<F, K, FK> : never]: F[K] extends RelationBuilder<
    true,
    any,
    infer Key,
    infer O
  >
    ? O extends true
      ? Key | null
      : Key
    : never;
};

/** The row type of a model: optional fields are `| null`, relations are left out, belongsTo adds its FK. */
export type InferRow<M> = M extends Model<string, infer F> ? Simplify<ScalarColumns<F> & ForeignKeyColumns<F>> : never;

// What the Prisma Client API of a schema is, read from Prisma's DMMF (the data the client generator
// works from), normalized so two schemas that give the same client compare equal.
import { createRequire } from "node:module";

interface PrismaSchemaWasm {
  get_dmmf(params: string): string;
}

const wasm = createRequire(import.meta.url)("@prisma/prisma-schema-wasm") as PrismaSchemaWasm;

type Json = Record<string, unknown>;

const sortBy = <T>(items: T[], keyOf: (item: T) => string): T[] => [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

/**
 * The client-facing parts of a schema's DMMF: models (names, database names, fields with their
 * kinds, types, list/required/unique/id flags, defaults, relation names and fields, native types,
 * documentation), enums, indexes and constraints, and the input types of the generated client
 * (so create/update optionality is compared too). Order-insensitive where order carries no meaning.
 */
export function clientApiOf(schema: string | ReadonlyArray<readonly [string, string]>): { datamodel: Json; inputTypes: Json; outputModels: Json } {
  const files = typeof schema === "string" ? [["schema.prisma", schema]] : schema;
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: files }))) as {
    datamodel: { models: Json[]; enums: Json[]; indexes: Json[]; types: Json[] };
    schema: { inputObjectTypes: { prisma: Array<{ name: string; fields: Json[] }> }; outputObjectTypes: { model: Array<{ name: string; fields: Json[] }> } };
  };
  // `@map("id")` on a field named id is a no-op that DMMF still reports as dbName "id": the same as none.
  // (fields without @map have no dbName key; models and enums have dbName: null).
  const sameName = <T extends Json>(x: T): T => (x.dbName === x.name ? { ...x, dbName: null } : x);
  const sameFieldName = (x: Json): Json => {
    if (x.dbName !== x.name) return x;
    const { dbName: _same, ...rest } = x;
    return rest;
  };
  const datamodel = {
    models: sortBy(dmmf.datamodel.models, (m) => String(m.name)).map((m) => sameName({ ...m, fields: (m.fields as Json[]).map(sameFieldName) })),
    enums: sortBy(dmmf.datamodel.enums, (e) => String(e.name)).map((e) => sameName({ ...e, values: (e.values as Json[]).map(sameFieldName) })),
    indexes: sortBy(dmmf.datamodel.indexes, (i) => JSON.stringify(i)),
  };
  const inputTypes = Object.fromEntries(
    sortBy(dmmf.schema.inputObjectTypes.prisma, (t) => t.name).map((t) => [t.name, sortBy(t.fields, (f) => String(f.name))]),
  );
  const outputModels = Object.fromEntries(sortBy(dmmf.schema.outputObjectTypes.model, (t) => t.name).map((t) => [t.name, sortBy(t.fields, (f) => String(f.name))]));
  return { datamodel, inputTypes, outputModels };
}

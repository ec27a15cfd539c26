// "backant/runtime": the little a generated project imports at run time. Keep it free of heavy
// imports (no Prisma, no Fastify): it turns the project's model objects into JSON Schemas and
// converts values between JSON and the Prisma client.
export { resourceSchemas, MAX_PAGE, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, LIST_CONTROL_KEYS, type ResourceSchemas, type ResourceSchemaOptions } from "./resource-schemas.js";
export { columnsOf, type Column, type ExtraForeignKey, type Conversion } from "./columns.js";
export { prismaInputConverter, jsonRowConverter, listRequestParser, scalarSelect, type ListQuery, type ListRequest } from "./convert.js";
export type { JsonSchema } from "./json-types.js";
export { readSqlOf, type ReadSql, type SqlProvider } from "./read-sql.js";

// "backant/runtime": the little a generated project imports at run time. Keep it free of heavy
// imports (no Prisma, no Fastify): it turns the project's model objects into JSON Schemas and
// converts values between JSON and the Prisma client.
export { resourceSchemas, MAX_PAGE, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, LIST_CONTROL_KEYS, LIST_QUERY_HELP, MAX_IN_VALUES, type ResourceSchemas, type ResourceSchemaOptions, type RelationOption, type IncludedRelation } from "./resource-schemas.js";
export { columnsOf, FILTER_OPERATORS, type Column, type ExtraForeignKey, type Conversion, type FilterOperator } from "./columns.js";
export { prismaInputConverter, jsonRowConverter, rowToJson, idFromParam, listRequestParser, includeSelect, parseQueryString, scalarSelect, type ListQuery, type GetQuery, type ListRequest } from "./convert.js";
export type { JsonSchema } from "./json-types.js";
export { readSqlOf, type ReadSql, type ReadField, type SqlProvider } from "./read-sql.js";
export { readThroughAdapter, sqlTable, type SqlTable, type SqlQueries, type DecimalClass, type PrismaNamespace } from "./sql-table.js";

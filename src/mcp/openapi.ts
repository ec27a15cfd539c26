import { existsSync } from "node:fs";
import path from "node:path";
import type { ProjectContext } from "../project/context.js";
import { LIST_QUERY_HELP, resourceSchemas, type RelationOption } from "../runtime/resource-schemas.js";
import type { JsonSchema } from "../runtime/json-types.js";
import { modelWords } from "../scaffold/model-words.js";
import { generatedForeignKeys, kebabCase, relationsOf } from "../scaffold/resource-context.js";
import { findModel } from "../schema/model-set.js";
import { resolveRelations } from "../schema/relations.js";
import type { ModelSet } from "../schema/model-set.js";

/**
 * The project's OpenAPI document, derived here from the model files rather than read from the
 * running app: the MCP server must answer without the project's dependencies installed, a
 * database, or a server listening. The CRUD routes of a generated project take their schemas from
 * resourceSchemas(model) at run time (templates/resource/service.ts.hbs), and @fastify/swagger
 * builds /docs/json from those same objects: the paths, parameters and bodies here are the ones
 * the app validates with. Endpoints written by add-route/add-subroute carry schemas of their own in
 * their route files and are not part of it: /docs/json of the running app lists them too.
 * OpenAPI 3.1, because the schemas write a nullable column as JSON Schema does (type: [T, "null"]).
 */
export function openApiDocument(project: ProjectContext, set: ModelSet, title: string): Record<string, unknown> {
  const relations = resolveRelations(set, project.config.provider);
  const paths: Record<string, unknown> = {};
  const error = { $ref: "#/components/schemas/Error" };
  const json = (schema: JsonSchema, description: string) => ({ description, content: { "application/json": { schema } } });
  for (const model of set.models) {
    const kebab = kebabCase(model.name);
    // Only models whose CRUD route the project has (a project that keeps only models has none).
    if (!existsSync(path.join(project.dir, "src", "routes", `${kebab}.route.ts`))) continue;
    // The same relations the generated service passes to resourceSchemas (?include=).
    const included: Record<string, RelationOption> = {};
    for (const r of relationsOf(set, relations, model).relations) included[r.name] = { model: findModel(set, r.target)!, list: r.list, foreignKeys: r.foreignKeyList };
    const schemas = resourceSchemas(model, { foreignKeys: generatedForeignKeys(set, relations, model), relations: included });
    const tags = [kebab];
    const words = modelWords(model.name);
    paths[`/${kebab}`] = {
      get: { tags, summary: `List ${words.plural}`, description: LIST_QUERY_HELP, parameters: queryParameters(schemas.listQuery), responses: { 200: json(schemas.listResponse, "A page of rows"), 400: json(error, "Bad request") } },
      post: { tags, summary: `Create ${words.withArticle}`, requestBody: body(schemas.createBody), responses: { 201: json(schemas.row, "Created"), 400: json(error, "Bad request"), 409: json(error, "Conflict") } },
    };
    if (schemas.params) {
      const parameters = pathParameters(schemas.params);
      paths[`/${kebab}/{id}`] = {
        get: { tags, summary: `Get ${words.withArticle} by id`, parameters: [...parameters, ...queryParameters(schemas.getQuery)], responses: { 200: json(schemas.row, "The row"), 400: json(error, "Bad request"), 404: json(error, "Not found") } },
        patch: { tags, summary: `Change some fields of ${words.withArticle}`, parameters, requestBody: body(schemas.updateBody), responses: { 200: json(schemas.row, "The row"), 400: json(error, "Bad request"), 404: json(error, "Not found"), 409: json(error, "Conflict") } },
        put: { tags, summary: `Replace ${words.withArticle} (every required field)`, parameters, requestBody: body(schemas.createBody), responses: { 200: json(schemas.row, "The row"), 400: json(error, "Bad request"), 404: json(error, "Not found"), 409: json(error, "Conflict") } },
        delete: { tags, summary: `Delete ${words.withArticle}`, parameters, responses: { 204: { description: "Deleted" }, 404: json(error, "Not found"), 409: json(error, "Conflict") } },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: { title, version: "0.1.0" },
    paths,
    components: {
      // The error format of the generated app (templates/project/src/helper/errors.ts.hbs).
      schemas: {
        Error: {
          type: "object",
          properties: {
            statusCode: { type: "integer" },
            code: { type: "string" },
            message: { type: "string" },
            fields: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
          },
          required: ["statusCode", "code", "message"],
        },
      },
    },
  };
}

const body = (schema: JsonSchema) => ({ required: true, content: { "application/json": { schema } } });

function propertiesOf(schema: JsonSchema): Array<[string, JsonSchema, boolean]> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => [name, property, required.has(name)]);
}

/** An object schema of the query string, as OpenAPI's one parameter a key (what @fastify/swagger does). */
function queryParameters(schema: JsonSchema): unknown[] {
  return propertiesOf(schema).map(([name, property, required]) => ({ name, in: "query", required, schema: property }));
}

function pathParameters(schema: JsonSchema): unknown[] {
  return propertiesOf(schema).map(([name, property]) => ({ name, in: "path", required: true, schema: property }));
}

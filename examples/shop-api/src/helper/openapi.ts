import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";
import type { FastifySwaggerUiOptions } from "@fastify/swagger-ui";
import type { FastifySchema } from "fastify";
import { errorSchema } from "./errors.js";

const API_NAME = "shop-api";

/**
 * A route that reads input (a body, a path or query parameter) answers a 400 in the app's error
 * format when the input is malformed or fails validation (helper/errors.ts), whether or not the
 * route lists it: the document says so for every such route. Only the document changes; the route
 * keeps its own schema.
 */
function withClientError(schema: FastifySchema, method: string | string[]): FastifySchema {
  const response = (schema.response ?? {}) as Record<string, unknown>;
  const takesBody = [method].flat().some((m) => ["POST", "PUT", "PATCH"].includes(m));
  const takesInput = takesBody || schema.body !== undefined || schema.params !== undefined || schema.querystring !== undefined;
  if (!takesInput || "400" in response) return schema;
  return { ...schema, response: { ...response, 400: errorSchema } };
}

const TAG_DESCRIPTIONS: Record<string, string> = { health: "Liveness (/health) and readiness (/ready) of the server" };

/**
 * The OpenAPI document, built by @fastify/swagger from the routes' schemas. What client generators
 * and linters (`npm run client`, test/openapi.test.ts) need from it beyond the routes:
 * - servers: "/" is the host that serves the document, so the docs page's "Try it out" calls the
 *   server it is on, in development and in production alike;
 * - security: an empty list says "no authentication" instead of leaving tools to guess;
 * - paths without a trailing slash: a resource's list route is the plugin's "/" (served at /users and
 *   /users/), which Fastify reports as /users/; the document names it /users;
 * - tags declared once at the top, in the order routes use them, for tools that group by them.
 * Each route gives its own operationId, summary and tags (a resource's tag is its path).
 */
export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    // 3.1: the routes' schemas are JSON Schema, where a nullable column is `type: [T, "null"]` (3.0 has no such type).
    openapi: "3.1.0",
    info: { title: API_NAME, version: "0.1.0" },
    servers: [{ url: "/", description: "The server that serves this document" }],
    security: [],
  },
  // A route declared without a schema comes with none (undefined), and keeps none.
  transform: ({ schema, url, route }) => ({
    schema: schema ? withClientError(schema, route.method) : schema,
    url: url.length > 1 ? url.replace(/\/+$/, "") : url,
  }),
  transformObject: (document) => {
    if (!("openapiObject" in document)) return document.swaggerObject;
    const { openapi: version, info, servers, security, paths, components, ...rest } = document.openapiObject;
    const tags: string[] = [];
    for (const item of Object.values(paths ?? {}))
      for (const operation of Object.values(item ?? {}))
        for (const tag of (operation as { tags?: string[] }).tags ?? []) if (!tags.includes(tag)) tags.push(tag);
    const declared = tags.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `Operations under /${name}` }));
    // Keys in the order people read them: what this is, where it runs, then the operations.
    return { openapi: version, info, servers, security, tags: declared, paths, components, ...rest } as typeof document.openapiObject;
  },
};

/**
 * The docs page is this API's, not Fastify's: @fastify/swagger-ui shows Fastify's logo in the top
 * bar and its favicon in the tab unless given others. The logo is the API's name; the tab shows the
 * name as its title and a plain mark.
 */
const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="${API_NAME.length * 15}" height="40"><text x="0" y="28" font-family="sans-serif" font-size="24" font-weight="bold" fill="#fff">${API_NAME}</text></svg>`;
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f2937"/><text x="16" y="22" font-family="sans-serif" font-size="18" text-anchor="middle" fill="#fff">{}</text></svg>`;

/** The docs page at /docs; it reads the document at /docs/json. */
export const docsPageOptions: FastifySwaggerUiOptions = {
  routePrefix: "/docs",
  logo: { type: "image/svg+xml", content: logo },
  theme: {
    title: `${API_NAME} API`,
    favicon: [{ filename: "favicon.svg", rel: "icon", sizes: "any", type: "image/svg+xml", content: favicon }],
  },
};

import createClient, { type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/**
 * A typed client of this API: paths, parameters, bodies and answers are checked against
 * client/schema.d.ts, which `npm run client` writes from the app's OpenAPI document (openapi-typescript).
 * Run it again after changing a route or a model.
 *
 *   const api = createApiClient("http://localhost:3000");
 *   const { data, error } = await api.GET("/users/{id}", { params: { path: { id: 1 } } });
 */
export function createApiClient(baseUrl: string, options: Omit<ClientOptions, "baseUrl"> = {}) {
  return createClient<paths>({ ...options, baseUrl });
}

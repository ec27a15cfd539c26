// The route schemas of the raw Fastify baselines (server.mjs on SQLite, server-pg.mjs on PostgreSQL):
// validation of params, query and body, and response schemas for fast-json-stringify.
const row = {
  type: "object",
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    sku: { type: "string" },
    priceCents: { type: "integer" },
    stock: { type: "integer" },
    createdAt: { type: "string" },
    updatedAt: { type: "string" },
  },
};
const error = { type: "object", properties: { error: { type: "string" } } };

export const getSchema = {
  params: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
  response: { 200: row, 404: error },
};

export const listSchema = {
  querystring: {
    type: "object",
    properties: {
      page: { type: "integer", minimum: 1, default: 1 },
      pageSize: { type: "integer", minimum: 1, maximum: 100, default: 20 },
    },
  },
  response: {
    200: {
      type: "object",
      properties: {
        data: { type: "array", items: row },
        page: { type: "integer" },
        pageSize: { type: "integer" },
        hasMore: { type: "boolean" },
      },
    },
  },
};

export const createSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    required: ["name", "sku", "priceCents"],
    properties: {
      name: { type: "string", maxLength: 120 },
      sku: { type: "string", maxLength: 40 },
      priceCents: { type: "integer" },
      stock: { type: "integer", default: 0 },
    },
  },
  response: { 201: row, 409: error },
};

import { type GetQuery, LIST_QUERY_HELP, type ListQuery } from "backant/runtime";
import type { FastifyPluginAsync } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.js";
import { errorSchema } from "../helper/errors.js";
import { ProductsRepository } from "../repositories/products.repository.js";
import { type ProductsCreate, ProductsService, type ProductsUpdate, productsSchemas } from "../services/products.service.js";

export interface ProductsRouteOptions {
  prisma: PrismaClient;
}

type Params = { id: number };
const tags = ["products"];
const schemas = productsSchemas;

/**
 * /products: CRUD for products. Routes translate HTTP to service calls and hold no logic. Every
 * route declares its response schema: Fastify then writes JSON with fast-json-stringify (several
 * times faster than JSON.stringify) and never leaks a column the schema does not list.
 */
export const productsRoute: FastifyPluginAsync<ProductsRouteOptions> = async (app, { prisma }) => {
  const service = new ProductsService(new ProductsRepository(prisma));

  app.get(
    "/",
    {
      schema: {
        tags,
        operationId: "listProducts",
        summary: "List products",
        description: LIST_QUERY_HELP,
        querystring: schemas.listQuery,
        response: { 200: schemas.listResponse, 400: errorSchema },
      },
    },
    (request) => service.list(request.query as ListQuery),
  );

  app.post(
    "/",
    {
      schema: {
        tags,
        operationId: "createProducts",
        summary: "Create a product",
        body: schemas.createBody,
        response: { 201: schemas.row, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body as ProductsCreate)),
  );

  app.get(
    "/:id",
    {
      schema: {
        tags,
        operationId: "getProducts",
        summary: "Get a product by id",
        params: schemas.params!,
        querystring: schemas.getQuery,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema },
      },
    },
    (request) => service.get((request.params as Params).id, request.query as GetQuery),
  );

  app.patch(
    "/:id",
    {
      schema: {
        tags,
        operationId: "updateProducts",
        summary: "Change some fields of a product",
        params: schemas.params!,
        body: schemas.updateBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as ProductsUpdate),
  );

  app.put(
    "/:id",
    {
      schema: {
        tags,
        operationId: "replaceProducts",
        summary: "Replace a product (every required field)",
        params: schemas.params!,
        body: schemas.createBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as ProductsUpdate),
  );

  app.delete(
    "/:id",
    {
      schema: {
        tags,
        operationId: "deleteProducts",
        summary: "Delete a product",
        params: schemas.params!,
        response: { 204: { type: "null", description: "Deleted" }, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      await service.delete((request.params as Params).id);
      return reply.status(204).send();
    },
  );

  // backant:subroutes
};

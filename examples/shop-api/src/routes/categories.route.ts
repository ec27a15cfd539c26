import { type GetQuery, LIST_QUERY_HELP, type ListQuery } from "backant/runtime";
import type { FastifyPluginAsync } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.js";
import { errorSchema } from "../helper/errors.js";
import { CategoriesRepository } from "../repositories/categories.repository.js";
import { type CategoriesCreate, CategoriesService, type CategoriesUpdate, categoriesSchemas } from "../services/categories.service.js";

export interface CategoriesRouteOptions {
  prisma: PrismaClient;
}

type Params = { id: number };
const tags = ["categories"];
const schemas = categoriesSchemas;

/**
 * /categories: CRUD for categories. Routes translate HTTP to service calls and hold no logic. Every
 * route declares its response schema: Fastify then writes JSON with fast-json-stringify (several
 * times faster than JSON.stringify) and never leaks a column the schema does not list.
 */
export const categoriesRoute: FastifyPluginAsync<CategoriesRouteOptions> = async (app, { prisma }) => {
  const service = new CategoriesService(new CategoriesRepository(prisma));

  app.get(
    "/",
    {
      schema: {
        tags,
        operationId: "listCategories",
        summary: "List categories",
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
        operationId: "createCategories",
        summary: "Create a category",
        body: schemas.createBody,
        response: { 201: schemas.row, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body as CategoriesCreate)),
  );

  app.get(
    "/:id",
    {
      schema: {
        tags,
        operationId: "getCategories",
        summary: "Get a category by id",
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
        operationId: "updateCategories",
        summary: "Change some fields of a category",
        params: schemas.params!,
        body: schemas.updateBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as CategoriesUpdate),
  );

  app.put(
    "/:id",
    {
      schema: {
        tags,
        operationId: "replaceCategories",
        summary: "Replace a category (every required field)",
        params: schemas.params!,
        body: schemas.createBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as CategoriesUpdate),
  );

  app.delete(
    "/:id",
    {
      schema: {
        tags,
        operationId: "deleteCategories",
        summary: "Delete a category",
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

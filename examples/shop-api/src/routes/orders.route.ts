import { type GetQuery, LIST_QUERY_HELP, type ListQuery } from "backant/runtime";
import type { FastifyPluginAsync } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.js";
import { errorSchema } from "../helper/errors.js";
import { OrdersRepository } from "../repositories/orders.repository.js";
import { type OrdersCreate, OrdersService, type OrdersUpdate, ordersSchemas } from "../services/orders.service.js";

export interface OrdersRouteOptions {
  prisma: PrismaClient;
}

type Params = { id: number };
const tags = ["orders"];
const schemas = ordersSchemas;

/**
 * /orders: CRUD for orders. Routes translate HTTP to service calls and hold no logic. Every
 * route declares its response schema: Fastify then writes JSON with fast-json-stringify (several
 * times faster than JSON.stringify) and never leaks a column the schema does not list.
 */
export const ordersRoute: FastifyPluginAsync<OrdersRouteOptions> = async (app, { prisma }) => {
  const service = new OrdersService(new OrdersRepository(prisma));

  app.get(
    "/",
    {
      schema: {
        tags,
        operationId: "listOrders",
        summary: "List orders",
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
        operationId: "createOrders",
        summary: "Create an order",
        body: schemas.createBody,
        response: { 201: schemas.row, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body as OrdersCreate)),
  );

  app.get(
    "/:id",
    {
      schema: {
        tags,
        operationId: "getOrders",
        summary: "Get an order by id",
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
        operationId: "updateOrders",
        summary: "Change some fields of an order",
        params: schemas.params!,
        body: schemas.updateBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as OrdersUpdate),
  );

  app.put(
    "/:id",
    {
      schema: {
        tags,
        operationId: "replaceOrders",
        summary: "Replace an order (every required field)",
        params: schemas.params!,
        body: schemas.createBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as OrdersUpdate),
  );

  app.delete(
    "/:id",
    {
      schema: {
        tags,
        operationId: "deleteOrders",
        summary: "Delete an order",
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

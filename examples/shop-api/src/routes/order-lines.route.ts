import { type GetQuery, LIST_QUERY_HELP, type ListQuery } from "backant/runtime";
import type { FastifyPluginAsync } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.js";
import { errorSchema } from "../helper/errors.js";
import { OrderLinesRepository } from "../repositories/order-lines.repository.js";
import { type OrderLinesCreate, OrderLinesService, type OrderLinesUpdate, orderLinesSchemas } from "../services/order-lines.service.js";

export interface OrderLinesRouteOptions {
  prisma: PrismaClient;
}

type Params = { id: number };
const tags = ["order-lines"];
const schemas = orderLinesSchemas;

/**
 * /order-lines: CRUD for order lines. Routes translate HTTP to service calls and hold no logic. Every
 * route declares its response schema: Fastify then writes JSON with fast-json-stringify (several
 * times faster than JSON.stringify) and never leaks a column the schema does not list.
 */
export const orderLinesRoute: FastifyPluginAsync<OrderLinesRouteOptions> = async (app, { prisma }) => {
  const service = new OrderLinesService(new OrderLinesRepository(prisma));

  app.get(
    "/",
    {
      schema: {
        tags,
        operationId: "listOrderLines",
        summary: "List order lines",
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
        operationId: "createOrderLines",
        summary: "Create an order line",
        body: schemas.createBody,
        response: { 201: schemas.row, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body as OrderLinesCreate)),
  );

  app.get(
    "/:id",
    {
      schema: {
        tags,
        operationId: "getOrderLines",
        summary: "Get an order line by id",
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
        operationId: "updateOrderLines",
        summary: "Change some fields of an order line",
        params: schemas.params!,
        body: schemas.updateBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as OrderLinesUpdate),
  );

  app.put(
    "/:id",
    {
      schema: {
        tags,
        operationId: "replaceOrderLines",
        summary: "Replace an order line (every required field)",
        params: schemas.params!,
        body: schemas.createBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as OrderLinesUpdate),
  );

  app.delete(
    "/:id",
    {
      schema: {
        tags,
        operationId: "deleteOrderLines",
        summary: "Delete an order line",
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

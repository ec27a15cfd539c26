import { type GetQuery, LIST_QUERY_HELP, type ListQuery } from "backant/runtime";
import type { FastifyPluginAsync } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.js";
import { errorSchema } from "../helper/errors.js";
import { CustomersRepository } from "../repositories/customers.repository.js";
import { type CustomersCreate, CustomersService, type CustomersUpdate, customersSchemas } from "../services/customers.service.js";

export interface CustomersRouteOptions {
  prisma: PrismaClient;
}

type Params = { id: number };
const tags = ["customers"];
const schemas = customersSchemas;

/**
 * /customers: CRUD for customers. Routes translate HTTP to service calls and hold no logic. Every
 * route declares its response schema: Fastify then writes JSON with fast-json-stringify (several
 * times faster than JSON.stringify) and never leaks a column the schema does not list.
 */
export const customersRoute: FastifyPluginAsync<CustomersRouteOptions> = async (app, { prisma }) => {
  const service = new CustomersService(new CustomersRepository(prisma));

  app.get(
    "/",
    {
      schema: {
        tags,
        operationId: "listCustomers",
        summary: "List customers",
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
        operationId: "createCustomers",
        summary: "Create a customer",
        body: schemas.createBody,
        response: { 201: schemas.row, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body as CustomersCreate)),
  );

  app.get(
    "/:id",
    {
      schema: {
        tags,
        operationId: "getCustomers",
        summary: "Get a customer by id",
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
        operationId: "updateCustomers",
        summary: "Change some fields of a customer",
        params: schemas.params!,
        body: schemas.updateBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as CustomersUpdate),
  );

  app.put(
    "/:id",
    {
      schema: {
        tags,
        operationId: "replaceCustomers",
        summary: "Replace a customer (every required field)",
        params: schemas.params!,
        body: schemas.createBody,
        response: { 200: schemas.row, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    (request) => service.update((request.params as Params).id, request.body as CustomersUpdate),
  );

  app.delete(
    "/:id",
    {
      schema: {
        tags,
        operationId: "deleteCustomers",
        summary: "Delete a customer",
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

import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { parseQueryString } from "backant/runtime";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import type { PrismaClient } from "./generated/prisma/client.js";
import { errorHandler, notFoundHandler } from "./helper/errors.js";
import { validatorCompiler } from "./helper/validation.js";
import { loggerOptions } from "./helper/logger.js";
import { registerRoutes } from "./routes/index.js";
import type { Environment } from "./startup/environment.js";

export interface AppOptions {
  env: Environment;
  prisma: PrismaClient;
}

/**
 * Builds the Fastify app: plugins, one error format, /health, the OpenAPI document (/docs/json)
 * and its page (/docs), and every resource route. It does not listen: server.ts does, and tests use
 * app.inject() on the same app.
 */
export async function buildApp({ env, prisma }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(env),
    // Per-request log lines cost a measurable share of throughput on small routes; production
    // logs errors and lifecycle events only. Development and tests keep them.
    logController: new LogController({ disableRequestLogging: env.NODE_ENV === "production" }),
    // Splits the lists of ?include=a,b and ?field[in]=a,b, so the route schemas check every item.
    routerOptions: { querystringParser: parseQueryString },
  });
  app.setValidatorCompiler(validatorCompiler);

  await app.register(helmet, {
    // The docs page loads its own scripts and styles; everything else keeps helmet's defaults.
    contentSecurityPolicy: env.HELMET_CSP ? undefined : false,
  });
  await app.register(cors, { origin: env.CORS_ORIGIN === "*" ? true : env.CORS_ORIGIN.split(",").map((o) => o.trim()) });
  await app.register(swagger, {
    openapi: {
      info: { title: "shop-api", version: "0.1.0" },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.get(
    "/health",
    { schema: { tags: ["health"], response: { 200: { type: "object", properties: { status: { type: "string" } }, required: ["status"] } } } },
    async () => ({ status: "ok" }),
  );

  await registerRoutes(app, { prisma });
  return app;
}

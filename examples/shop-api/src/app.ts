import cors from "@fastify/cors";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { parseQueryString } from "backant/runtime";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { PrismaClient } from "./generated/prisma/client.js";
import { errorHandler, notFoundHandler, refuseNulText } from "./helper/errors.js";
import { loggerOptions } from "./helper/logger.js";
import { docsPageOptions, openApiOptions } from "./helper/openapi.js";
import { addSecurityHeaders } from "./helper/security-headers.js";
import { validatorCompiler } from "./helper/validation.js";
import { healthRoute } from "./routes/health.route.js";
import { registerRoutes } from "./routes/index.js";
import type { Environment } from "./startup/environment.js";

export interface AppOptions {
  env: Environment;
  prisma: PrismaClient;
}

/**
 * Builds the Fastify app: plugins, one error format, /health and /ready, the OpenAPI document
 * (app.swagger(); served at /docs/json with its page at /docs when env.API_DOCS), and every resource
 * route. It does not listen: server.ts does, and tests use app.inject() on the same app.
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

  addSecurityHeaders(app, {
    // The docs page loads its own scripts and styles; everything else keeps helmet's defaults.
    contentSecurityPolicy: env.HELMET_CSP ? undefined : false,
  });
  await app.register(cors, { origin: env.CORS_ORIGIN === "*" ? true : env.CORS_ORIGIN.split(",").map((o) => o.trim()) });
  // The document is always built (npm run build writes it to openapi.json); only serving it is optional.
  await app.register(swagger, openApiOptions);
  if (env.API_DOCS) await app.register(swaggerUi, docsPageOptions);

  app.setErrorHandler(errorHandler);
  app.addHook("preValidation", refuseNulText);
  app.setNotFoundHandler(notFoundHandler);

  await app.register(healthRoute, { prisma });
  await registerRoutes(app, { prisma });
  return app;
}

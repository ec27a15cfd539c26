import type { FastifyPluginAsync } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.js";
import { AppError, errorSchema } from "../helper/errors.js";

export interface HealthRouteOptions {
  prisma: PrismaClient;
}

/**
 * How long /ready waits for the database: under the Dockerfile's HEALTHCHECK timeout (3 s), so a
 * database that hangs (a dropped network, a full connection pool) gives a 503, not a timed-out check.
 */
export const READY_TIMEOUT_MS = 2000;

const statusSchema = { type: "object", properties: { status: { type: "string", enum: ["ok"] } }, required: ["status"] } as const;

/** Resolves when the database answers a query within READY_TIMEOUT_MS; rejects otherwise. */
async function databaseAnswers(prisma: PrismaClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    // The query may still be waiting when the timer wins; race() has handled its rejection, if any comes.
    await Promise.race([prisma.$queryRaw`SELECT 1`, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /health: the process is up (liveness: restart it when this fails). /ready: it can serve requests,
 * because its database answers a real query (readiness: send it traffic only while this is 200).
 */
export const healthRoute: FastifyPluginAsync<HealthRouteOptions> = async (app, { prisma }) => {
  const tags = ["health"];

  app.get(
    "/health",
    { schema: { tags, operationId: "getHealth", summary: "Liveness: the server process answers", response: { 200: statusSchema } } },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/ready",
    {
      schema: {
        tags,
        operationId: "getReady",
        summary: "Readiness: the database answers a query",
        response: { 200: statusSchema, 503: errorSchema },
      },
    },
    async (request) => {
      try {
        await databaseAnswers(prisma);
      } catch (error) {
        request.log.warn({ err: error }, "not ready: the database does not answer");
        throw new AppError(503, "DATABASE_UNAVAILABLE", "The database does not answer");
      }
      return { status: "ok" as const };
    },
  );
};

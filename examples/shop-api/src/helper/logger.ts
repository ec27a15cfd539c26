import type { FastifyServerOptions } from "fastify";
import type { Environment } from "../startup/environment.js";

/**
 * pino options per environment: JSON lines in production (what log collectors read), readable
 * colored lines through pino-pretty in development (a dev dependency, so never loaded in
 * production), nothing in tests unless LOG_LEVEL asks.
 */
export function loggerOptions(env: Environment): FastifyServerOptions["logger"] {
  switch (env.NODE_ENV) {
    case "production":
      return { level: env.LOG_LEVEL ?? "info" };
    case "test":
      return { level: env.LOG_LEVEL ?? "silent" };
    default:
      return {
        level: env.LOG_LEVEL ?? "debug",
        transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss", ignore: "pid,hostname" } },
      };
  }
}

import { z } from "zod";

const booleanText = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((value) => value === "true" || value === "1");

/** "true"/"1" or "false"/"0"; unset (or empty) stays undefined, for a default that depends on another variable. */
const optionalBooleanText = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value === "true" || value === "1"));

/** Every variable the app reads, with its type and default. Add new ones here, never process.env.X elsewhere. */
const schema = z
  .object({
    DATABASE_URL: z.string().min(1, "is required").default("file:./dev.db"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    /** Comma-separated allowed origins, or "*" for any. */
    CORS_ORIGIN: z.string().default("*"),
    /** Content-Security-Policy header from helmet (off by default: the /docs page needs inline scripts). */
    HELMET_CSP: booleanText,
    /** Read by `backant dev`: drop and rebuild the development database on start-up. */
    CLEAR_DB: booleanText,
    /**
     * The docs page (/docs) and the OpenAPI document it reads (/docs/json). Unset: served except in
     * production, where they would show every route and schema to anyone who asks.
     */
    API_DOCS: optionalBooleanText,
  })
  .transform((env) => ({ ...env, API_DOCS: env.API_DOCS ?? env.NODE_ENV !== "production" }));

export type Environment = z.infer<typeof schema>;

/** Thrown with every bad variable named, so a misconfigured deploy says what to fix. */
export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  throw new EnvironmentError(`Invalid environment (see .env.example):\n${problems}`);
}

/**
 * For the entry points (the server, the seed): a bad variable is one message naming each, and exit
 * code 1, instead of an uncaught error and its stack trace.
 */
export function environmentOrExit(source: NodeJS.ProcessEnv = process.env): Environment {
  try {
    return loadEnvironment(source);
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

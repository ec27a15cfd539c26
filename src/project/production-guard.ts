import { InputError } from "../errors.js";
import type { EnvironmentName } from "./context.js";

/**
 * Rails' protected environments, for every command that can lose data (reset, CLEAR_DB, rollback,
 * sync or migrate with data loss, a forced push): it is refused, exit 2 and nothing changed, when
 * the environment the command acts in is production (NODE_ENV from the shell, else from the
 * project's .env), or when the database itself is marked production (backant records the
 * environment in the database it deploys or syncs, as Rails does in ar_internal_metadata), unless
 * the user passes --allow-production. Destructive operations below take a DestructiveGrant, which
 * only authorizeDestructive hands out, so no path can skip the guard.
 */
export const ALLOW_PRODUCTION_FLAG = "allow-production";

export interface DestructiveRequest {
  /** What would happen, for the message: "backant reset (drops every table and all data)". */
  action: string;
  /** --allow-production was given. */
  allowProduction: boolean;
}

declare const grantBrand: unique symbol;

/** Proof that the guard was passed for an action (the only way to get one is authorizeDestructive). */
export interface DestructiveGrant {
  readonly action: string;
  readonly [grantBrand]: true;
}

export function isProduction(environment: EnvironmentName): boolean {
  return environment.name === "production";
}

/** The local check, before the database is even opened. */
export function guardEnvironment(environment: EnvironmentName, request: DestructiveRequest): void {
  if (!isProduction(environment) || request.allowProduction) return;
  const from = environment.source === ".env" ? "the project's .env" : "the environment";
  throw new InputError(`Refused: ${request.action} can lose data, and NODE_ENV is "production" (from ${from}). Nothing was changed.`, {
    code: "PRODUCTION_REFUSED",
    hint: `If this really is the database you mean to change, re-run with --${ALLOW_PRODUCTION_FLAG}; otherwise set NODE_ENV to development or point DATABASE_URL at a development database.`,
    details: { reason: "environment", nodeEnv: environment.name, source: environment.source, action: request.action },
  });
}

/**
 * Both checks: the local environment, and the environment recorded in the database (undefined when
 * backant never recorded one there). Call after connecting and before changing anything.
 */
export function authorizeDestructive(environment: EnvironmentName, recordedEnvironment: string | undefined, database: string, request: DestructiveRequest): DestructiveGrant {
  guardEnvironment(environment, request);
  if (recordedEnvironment === "production" && !request.allowProduction) {
    throw new InputError(
      `Refused: ${request.action} can lose data, and the database (${database}) is marked production: backant deployed or synced it with NODE_ENV=production. Nothing was changed.`,
      {
        code: "PRODUCTION_REFUSED",
        hint: `If this really is the database you mean to change, re-run with --${ALLOW_PRODUCTION_FLAG}; otherwise point DATABASE_URL at a development database.`,
        details: { reason: "database", recordedEnvironment, database, action: request.action },
      },
    );
  }
  return { action: request.action } as DestructiveGrant;
}

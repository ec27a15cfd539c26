import { InputError } from "../errors.js";

/**
 * Rails-style protected environment: a destructive command (reset, CLEAR_DB, rollback) refuses to
 * run when NODE_ENV=production unless the user passed the explicit override flag. Shared by every
 * destructive command so that the variable, the flag and the message are the same everywhere.
 */
export const ALLOW_PRODUCTION_FLAG = "allow-production";

export interface ProductionGuardOptions {
  /** What would happen, for the message: e.g. "backant reset (drops every table)". */
  action: string;
  /** The environment the command acts in (the command context's env). */
  env: NodeJS.ProcessEnv;
  /** True when --allow-production was given. */
  allowProduction: boolean | undefined;
}

/** True when NODE_ENV names production (trimmed, any case: "Production" is still production). */
export function isProductionEnv(env: NodeJS.ProcessEnv): boolean {
  return (env.NODE_ENV ?? "").trim().toLowerCase() === "production";
}

/** Throws InputError (exit 2, code PRODUCTION_REFUSED) in production without the override; call before touching anything. */
export function assertNotProduction(options: ProductionGuardOptions): void {
  if (!isProductionEnv(options.env) || options.allowProduction === true) return;
  throw new InputError(`Refused: ${options.action} is destructive and NODE_ENV is "production". Nothing was changed.`, {
    code: "PRODUCTION_REFUSED",
    hint: `If this really is the database you mean to change, re-run with --${ALLOW_PRODUCTION_FLAG}; otherwise unset NODE_ENV or point DATABASE_URL at a development database.`,
    details: { nodeEnv: options.env.NODE_ENV, action: options.action },
  });
}

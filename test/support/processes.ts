import { execa, type Options } from "execa";

/** The shell's environment minus anything that picks an engine or a database for Prisma. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  delete env.PRISMA_MIGRATION_ENGINE_BINARY;
  delete env.BACKANT_ENGINE;
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

/** Runs a script with this Node; a non-zero exit is a result to check, not a rejection. */
export function runNode<O extends Options>(script: string, args: readonly string[], options: O) {
  return execa(process.execPath, [script, ...args], { ...options, reject: false as const });
}

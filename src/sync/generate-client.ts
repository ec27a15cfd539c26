import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ProjectContext } from "../project/context.js";

export type GenerationPath = "in-process" | "prisma generate";

/** The `prisma-client` generator backant ships, pinned with the prisma CLI it was checked against. */
const IN_PROCESS_PROVIDER = "prisma-client";

/**
 * Generates the Prisma client. In this process, with Prisma's own generator packages
 * (@prisma/client-generator-ts through @prisma/internals' getGenerators, as `prisma generate`
 * runs them; the output is byte-identical, see test/sync/generate-client.test.ts), when the project's
 * prisma is the version those packages belong to and the schema uses the `prisma-client` generator;
 * otherwise with the project's own `prisma generate`. In-process saves the CLI's start (about 1 s
 * here) on every model change in `backant dev`.
 */
export async function generateClient(context: ProjectContext): Promise<GenerationPath> {
  if (canGenerateInProcess(context)) {
    await generateInProcess(context.paths.schema, context.dir);
    return "in-process";
  }
  const { runPrisma } = await import("../prisma/run-prisma.js");
  const config = existsSync(context.paths.prismaConfig) ? ["--config", context.paths.prismaConfig] : [];
  await runPrisma({ projectDir: context.dir, args: ["generate", ...config, "--schema", context.paths.schema], env: context.env });
  return "prisma generate";
}

function canGenerateInProcess(context: ProjectContext): boolean {
  const projectPrisma = installedVersion(context.dir, "prisma");
  const ours = installedVersion(import.meta.url, "@prisma/client-generator-ts");
  if (projectPrisma === undefined || projectPrisma !== ours) return false;
  const schema = readFileSync(context.paths.schema, "utf8");
  const providers = [...schema.matchAll(/generator\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/g)].map((match) => match[1]);
  return providers.length > 0 && providers.every((provider) => provider === IN_PROCESS_PROVIDER);
}

function installedVersion(from: string, name: string): string | undefined {
  try {
    const require = createRequire(from.startsWith("file:") ? from : `${from}/package.json`);
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** What `prisma generate --schema <file>` does for the `prisma-client` generator. */
export async function generateInProcess(schemaPath: string, cwd: string): Promise<void> {
  const require = createRequire(import.meta.url);
  // CommonJS bundles: required, not imported (their ESM entries import extension-less paths).
  const internals = require("@prisma/internals") as typeof import("@prisma/internals");
  const { PrismaClientTsGenerator } = require("@prisma/client-generator-ts") as typeof import("@prisma/client-generator-ts");
  const schemaContext = await internals.loadSchemaContext({ schemaPath: { cliProvidedPath: schemaPath }, printLoadMessage: false, cwd });
  const generators = await internals.getGenerators({
    schemaContext,
    registry: { [IN_PROCESS_PROVIDER]: { type: "in-process", generator: new PrismaClientTsGenerator() } },
    cliCommand: "generate",
    skipDownload: true,
  });
  try {
    for (const generator of generators) await generator.generate();
  } finally {
    for (const generator of generators) generator.stop();
  }
}

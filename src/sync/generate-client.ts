import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
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
export async function generateClient(context: ProjectContext, early?: EarlyGenerator): Promise<GenerationPath> {
  if (canGenerateInProcess(context)) {
    if (early) await early.generate(context.paths.schema, context.dir);
    else await generateInProcess(context.paths.schema, context.dir);
    return "in-process";
  }
  early?.cancel();
  const { runPrisma } = await import("../prisma/run-prisma.js");
  const config = existsSync(context.paths.prismaConfig) ? ["--config", context.paths.prismaConfig] : [];
  await runPrisma({ projectDir: context.dir, args: ["generate", ...config, "--schema", context.paths.schema], env: context.env });
  return "prisma generate";
}

/** A generator loading in a worker thread while other work goes on (see generate-worker.ts). */
export interface EarlyGenerator {
  generate(schemaPath: string, cwd: string): Promise<void>;
  cancel(): void;
}

/**
 * Starts loading the generator in a worker thread when this project will generate in-process, so
 * the load overlaps the rendering and the push; undefined otherwise (or where no worker can start).
 */
export function startEarlyGenerator(context: ProjectContext): EarlyGenerator | undefined {
  const workerFile = new URL("./generate-worker.js", import.meta.url);
  // Run from TypeScript sources (tests), there is no compiled worker: generate on the main thread.
  if (!existsSync(workerFile) || !existsSync(context.paths.schema) || !canGenerateInProcess(context)) return undefined;
  let worker: import("node:worker_threads").Worker | undefined;
  const started = import("node:worker_threads").then(({ Worker }) => {
    worker = new Worker(workerFile);
    worker.unref();
    return worker;
  });
  return {
    async generate(schemaPath, cwd) {
      const running = await started;
      try {
        const answer = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
          running.once("message", resolve);
          running.once("error", reject);
          running.postMessage({ schemaPath, cwd });
        });
        if (!answer.ok) throw new Error(answer.message);
      } finally {
        void running.terminate();
      }
    },
    cancel() {
      void started.then(() => worker?.terminate());
    },
  };
}

function canGenerateInProcess(context: ProjectContext): boolean {
  const projectPrisma = installedVersion(context.dir, "prisma");
  const ours = installedVersion(import.meta.url, "@prisma/client-generator-ts");
  if (projectPrisma === undefined || projectPrisma !== ours) return false;
  const schema = readFileSync(context.paths.schema, "utf8");
  const providers = [...schema.matchAll(/generator\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/g)].map((match) => match[1]);
  return providers.length > 0 && providers.every((provider) => provider === IN_PROCESS_PROVIDER);
}

/** The version of a package as installed for `from` (its package.json, found above its entry: not every package exports it). */
function installedVersion(from: string, name: string): string | undefined {
  try {
    const require = createRequire(from.startsWith("file:") ? from : `${from}/package.json`);
    try {
      return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
    } catch {
      // not exported: looked for above the package's entry below
    }
    let dir = path.dirname(require.resolve(name));
    for (;;) {
      const manifest = path.join(dir, "package.json");
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version;
      }
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}

/** Loads Prisma's generator packages (CommonJS bundles: required, not imported: their ESM entries import extension-less paths). */
export function loadGenerator(): { internals: typeof import("@prisma/internals"); PrismaClientTsGenerator: typeof import("@prisma/client-generator-ts").PrismaClientTsGenerator } {
  const require = createRequire(import.meta.url);
  const internals = require("@prisma/internals") as typeof import("@prisma/internals");
  const { PrismaClientTsGenerator } = require("@prisma/client-generator-ts") as typeof import("@prisma/client-generator-ts");
  return { internals, PrismaClientTsGenerator };
}

/** What `prisma generate --schema <file>` does for the `prisma-client` generator. */
export async function generateInProcess(schemaPath: string, cwd: string): Promise<void> {
  const { internals, PrismaClientTsGenerator } = loadGenerator();
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

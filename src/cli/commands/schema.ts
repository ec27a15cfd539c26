import type { ProjectContext } from "../../project/context.js";
import path from "node:path";
import { defineCommand, type CommandContext, type CommandResult } from "../command.js";

export interface SchemaOptions {
  check?: boolean;
  stdout?: boolean;
}

export const countModels = (count: number): string => `${count} ${count === 1 ? "model" : "models"}`;

/** `backant schema`: src/models/*.model.ts -> prisma/schema.prisma. */
export const schemaCommand = defineCommand<SchemaOptions>({
  command: "schema",
  describe: "Generate prisma/schema.prisma from the model files in src/models",
  examples: [
    ["backant schema", "write prisma/schema.prisma (left untouched when nothing changed)"],
    ["backant schema --check", "exit 1 if prisma/schema.prisma is missing or out of date (for CI)"],
    ["backant schema --stdout --cwd examples/shop-api", "print the schema of another project"],
  ],
  builder: (y) =>
    y
      .option("check", { type: "boolean", describe: "Write nothing; exit 1 when the schema file is missing or out of date" })
      .option("stdout", { type: "boolean", describe: "Print the schema instead of writing it" })
      .conflicts("check", "stdout"),
  run: async (options, context) => {
    // Refused (exit 2, nothing written) outside a backant project.
    const project = (await import("../../project/context.js")).resolveProject(context.cwd, context.env);
    return schemaInProject(project, options, context);
  },
});

/** The command once the project is resolved (also the MCP server's schema tool). */
export async function schemaInProject(project: ProjectContext, options: SchemaOptions, context: CommandContext): Promise<CommandResult> {
  // One command at a time changes a project: it reads the files it then writes.
  if (options.check || options.stdout) return writeSchema(options, context, project);
  const { withProjectLock } = await import("../../project/lock.js");
  return withProjectLock(project.dir, { command: "schema" }, () => writeSchema(options, context, project));
}

async function writeSchema(options: SchemaOptions, context: CommandContext, project: ProjectContext): Promise<CommandResult> {
  // Imported here so that other commands and --help do not load the model loader and Prisma's wasm.
  (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
  const [{ applyPlan }, { planSchemaFile }] = await Promise.all([import("../../scaffold/plan.js"), import("../../scaffold/schema-file.js")]);
  const plan = await planSchemaFile(project.dir, project.config);
  const shown = path.relative(project.dir, plan.schemaPath) || plan.schemaPath;
  const data = { path: plan.schemaPath, provider: plan.provider, models: plan.models };

  if (options.stdout) {
    return { lines: [], raw: plan.text, data: { ...data, changed: false, exitCode: 0 } };
  }
  if (options.check) {
    if (plan.state === "current") {
      return { lines: [`${shown} is up to date (${countModels(plan.models)}).`], data: { ...data, changed: false, state: plan.state, exitCode: 0 } };
    }
    const why = plan.state === "missing" ? "is missing" : "is out of date with the model files";
    return {
      lines: [`${shown} ${why}. Run \`backant schema\` to write it.`],
      data: { ...data, changed: false, state: plan.state, exitCode: 1 },
      exitCode: 1,
    };
  }
  // Same bytes, no write: keeps the mtime, so watchers and `make` do not see a change.
  const changed = plan.state !== "current";
  if (changed) applyPlan([plan.write]);
  const line = changed
    ? `Wrote ${shown} (${countModels(plan.models)}, ${plan.provider}).`
    : `${shown} is up to date (${countModels(plan.models)}); left untouched.`;
  return { lines: [line], data: { ...data, changed, state: plan.state, exitCode: 0 } };
}


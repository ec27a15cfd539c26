import type { ProjectContext } from "../../project/context.js";
import path from "node:path";
import { defineCommand, type CommandContext, type CommandResult } from "../command.js";
import { countModels } from "./schema.js";

interface AddModelOptions {
  name: string;
  fields: string;
  force: boolean;
  dryRun: boolean;
}

/**
 * `backant add-model NAME --fields "..."`: writes src/models/NAME.model.ts and regenerates the
 * schema; inside a generated project also the model's route, service, repository and test, wired
 * in at the markers of src/routes/index.ts.
 */
export const addModelCommand = defineCommand<AddModelOptions>({
  command: "add-model <name>",
  describe: "Add a model (src/models/NAME.model.ts), its CRUD route, service, repository and test, and regenerate the schema",
  examples: [
    [
      'backant add-model Orders --fields "total:decimal(10,2) status:enum(pending,paid) customer:belongsTo(Users)"',
      "add the model and, in a generated project, CRUD at /orders",
    ],
    ['backant add-model Tags --fields "label:string(40):unique" --dry-run', "show the files it would write, write nothing"],
  ],
  builder: (y) =>
    y
      .positional("name", { type: "string", describe: "Model name, PascalCase and plural by convention (Orders, OrderLines)" })
      .option("fields", {
        type: "string",
        default: "",
        describe: "Fields as name:type specs: title:string(200) note:text? status:enum(a,b) customer:belongsTo(Users) tags:string[] email:string:unique",
      })
      .option("force", { type: "boolean", default: false, describe: "Replace the model file (and its route, service, repository and test) if they exist" })
      .option("dry-run", { type: "boolean", default: false, describe: "Print the planned writes and write nothing" }),
  run: async (options, context) => {
    // Refused (exit 2, nothing written) outside a backant project: a mistyped --cwd must not grow a src/models there.
    const project = (await import("../../project/context.js")).resolveProject(context.cwd, context.env);
    // One command at a time changes a project: it reads the files it then writes.
    if (options.dryRun) return addModel(options, context, project);
    const { withProjectLock } = await import("../../project/lock.js");
    return withProjectLock(project.dir, { command: `add-model ${String(options.name)}` }, () => addModel(options, context, project));
  },
});

async function addModel(options: AddModelOptions, context: CommandContext, project: ProjectContext): Promise<CommandResult> {
  const addition = await planModelAddition(project, { name: String(options.name), fields: options.fields, force: options.force });
  return modelAdditionResult(addition, project, options.dryRun);
}

/** A planned add-model: the plan, and the resource part of it inside a generated project. */
export interface ModelAddition {
  plan: import("../../scaffold/model-file.js").AddModelPlan;
  resource: import("../../scaffold/resource-plan.js").AddResourcePlan | undefined;
}

/**
 * Plans `backant add-model` and writes nothing: shared by the command and the MCP server's
 * add_model tool (which shows this plan first and applies it on a second call).
 */
export async function planModelAddition(project: ProjectContext, request: { name: string; fields: string; force: boolean }): Promise<ModelAddition> {
  // Imported here so that other commands and --help do not load the model loader and Prisma's wasm.
  (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
  const [{ planAddModel }, { isGeneratedProject }] = await Promise.all([import("../../scaffold/model-file.js"), import("../../scaffold/route-wiring.js")]);
  const full = { project, ...request };
  // Inside a generated project (src/routes/index.ts) the model comes with its API; in a project
  // that keeps only models (a "backant" key and src/models), only the model file and the schema.
  const resource = isGeneratedProject(project.dir) ? await (await import("../../scaffold/resource-plan.js")).planAddResource(full) : undefined;
  return { plan: resource ?? (await planAddModel(full)), resource };
}

/** What add-model prints for a planned addition: the plan (dry run), or the writes once applied. */
export async function modelAdditionResult({ plan, resource }: ModelAddition, project: ProjectContext, dryRun: boolean): Promise<CommandResult> {
  const [{ applyPlan }, { describeWrites, plannedLines }] = await Promise.all([import("../../scaffold/plan.js"), import("../../scaffold/plan-summary.js")]);
  const data = {
    model: plan.name,
    dryRun,
    route: resource?.routePath ?? null,
    leftAlone: (resource?.leftAlone ?? []).map((file) => file.path),
    models: plan.schema.models,
  };

  const leftAloneLines = (resource?.leftAlone ?? []).map(
    (file) => `not updated ${path.relative(project.dir, file.path)}: edited by hand, and model ${plan.name} changes the columns or relations of ${file.model}; update it yourself.`,
  );

  if (dryRun) {
    const writes = describeWrites(plan.writes);
    const relative = path.relative(project.dir, plan.modelPath) || plan.modelPath;
    const lines = [...plannedLines(writes, project.dir), ...leftAloneLines, "", `${relative}:`, ...(plan.writes[0]?.content ?? "").trimEnd().split("\n").map((line) => `  ${line}`)];
    return { lines, data: { ...data, writes, exitCode: 0 } };
  }

  const applied = applyPlan(plan.writes);
  const lines = plannedLines(applied, project.dir, true);
  lines.push(`Model ${plan.name} added; the schema has ${countModels(plan.schema.models)}.`, ...leftAloneLines);
  const client = await regenerateClient(project);
  lines.push(client.line);
  if (resource) {
    lines.push(`CRUD at ${resource.routePath}. Next: \`npm run dev\` syncs the database, \`npm test\` does the same for the test database and runs the new tests.`);
  }
  return { lines, data: { ...data, writes: applied, client: client.data, exitCode: 0 } };
}

/**
 * The Prisma client regenerated from the schema add-model just wrote, so that the new files
 * type-check at once: in an editor and with plain `npx tsc --noEmit`, not only through
 * `npm run typecheck` (which generates first). Done as sync does it (in process when it can, and
 * stamped, so the next sync does not generate again). Not installed yet: `npm install` generates it.
 * A failure is reported, not thrown: the model's files are written and the next sync retries.
 */
async function regenerateClient(project: ProjectContext): Promise<{ line: string; data: { generated: boolean; reason?: string } }> {
  const { createRequire } = await import("node:module");
  try {
    createRequire(path.join(project.dir, "package.json")).resolve("prisma/package.json");
  } catch {
    return { line: "Prisma client not generated: prisma is not installed here yet (`npm install` generates it).", data: { generated: false, reason: "prisma not installed" } };
  }
  const [{ readFileSync }, { sha256 }, { generateClientIfNeeded }, { syncInputsHash }, { generatedClientDir }] = await Promise.all([
    import("node:fs"),
    import("../../database/metadata.js"),
    import("../../sync/sync.js"),
    import("../../sync/sync-inputs.js"),
    import("../../sync/client-stamp.js"),
  ]);
  try {
    const schemaText = readFileSync(project.paths.schema, "utf8");
    if (generatedClientDir(schemaText, project.paths.schema) === undefined)
      return { line: "Prisma client not generated: the schema's generator names no output folder (run `npx prisma generate`).", data: { generated: false, reason: "no generator output" } };
    await generateClientIfNeeded(project, schemaText, sha256(schemaText), syncInputsHash(project.dir, project.config), false, () => {});
    return { line: "Prisma client regenerated: the new model's types are there for the editor and `tsc`.", data: { generated: true } };
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0] ?? "";
    return { line: `Note: the Prisma client could not be regenerated (${reason}); \`npx prisma generate\` or the next \`npm run dev\` does it.`, data: { generated: false, reason } };
  }
}


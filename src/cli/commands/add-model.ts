import path from "node:path";
import { defineCommand } from "../command.js";
import { countModels } from "./schema.js";

interface AddModelOptions {
  name: string;
  fields: string;
  force: boolean;
  dryRun: boolean;
}

/** `backant add-model NAME --fields "..."`: writes src/models/NAME.model.ts and regenerates the schema. */
export const addModelCommand = defineCommand<AddModelOptions>({
  command: "add-model <name>",
  describe: "Add a model file to src/models and regenerate prisma/schema.prisma",
  examples: [
    [
      'backant add-model Orders --fields "total:decimal(10,2) status:enum(pending,paid) customer:belongsTo(Users)"',
      "add src/models/Orders.model.ts",
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
      .option("force", { type: "boolean", default: false, describe: "Replace the model file if it exists" })
      .option("dry-run", { type: "boolean", default: false, describe: "Print the planned writes and write nothing" }),
  run: async (options, context) => {
    // Imported here so that other commands and --help do not load the model loader and Prisma's wasm.
    (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
    const [{ planAddModel }, { applyPlan, writeAction }] = await Promise.all([import("../../scaffold/model-file.js"), import("../../scaffold/plan.js")]);
    const plan = await planAddModel({ projectDir: context.cwd, name: String(options.name), fields: options.fields, force: options.force });
    const relative = (file: string) => path.relative(context.cwd, file) || file;
    const writes = plan.writes.map((write) => ({ path: write.path, reason: write.reason, action: writeAction(write) }));

    if (options.dryRun) {
      const lines = ["Dry run: nothing written. Planned writes:"];
      for (const write of writes) lines.push(`  ${write.action.padEnd(9)} ${relative(write.path)}  (${write.reason})`);
      lines.push("", `${relative(plan.modelPath)}:`, ...(plan.writes[0]?.content ?? "").trimEnd().split("\n").map((line) => `  ${line}`));
      return { lines, data: { model: plan.name, dryRun: true, writes, models: plan.schema.models, exitCode: 0 } };
    }

    const applied = applyPlan(plan.writes);
    const lines = applied.map((write) => `${write.action === "unchanged" ? "unchanged" : write.action === "create" ? "created" : "updated"} ${relative(write.path)}`);
    lines.push(`Model ${plan.name} added; the schema has ${countModels(plan.schema.models)}.`);
    return { lines, data: { model: plan.name, dryRun: false, writes: applied, models: plan.schema.models, exitCode: 0 } };
  },
});

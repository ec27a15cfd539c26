import type { ProjectContext } from "../../project/context.js";
import { defineCommand, type CommandContext, type CommandResult } from "../command.js";
import { describeWrites, plannedLines } from "../../scaffold/plan-summary.js";

export interface AddRouteOptions {
  name: string;
  mock?: string;
  dryRun: boolean;
}

/** `backant add-route NAME [--mock JSON]`: BackAnt's `ant generate route`, for a Fastify project. */
export const addRouteCommand = defineCommand<AddRouteOptions>({
  command: "add-route <name>",
  describe: "Add a route (src/routes/NAME.route.ts), its service and a test, and wire it in at /NAME",
  examples: [
    ["backant add-route reports", 'GET /reports answering {"message": ...}'],
    [`backant add-route team-members --mock '[{"id": 1, "name": "Alice"}]'`, "GET /team-members answering the mock data (response schema derived from it)"],
    ["backant add-route stats --mock stats.json --dry-run", "mock data from a file; show the writes, write nothing"],
  ],
  builder: (y) =>
    y
      .positional("name", { type: "string", describe: "Route name: reports, order-stats (kebab-case, camelCase or snake_case)" })
      .option("mock", { type: "string", describe: "JSON the endpoint answers (inline, or the path of a .json file)" })
      .option("dry-run", { type: "boolean", default: false, describe: "Print the planned writes and write nothing" }),
  run: async (options, context) => {
    // Refused (exit 2, nothing written) outside a backant project.
    const project = (await import("../../project/context.js")).resolveProject(context.cwd, context.env);
    return addRouteInProject(project, options, context);
  },
});

/** The command once the project is resolved (also the MCP server's add_route tool). */
export async function addRouteInProject(project: ProjectContext, options: AddRouteOptions, context: CommandContext): Promise<CommandResult> {
  // One command at a time changes a project: it reads the files it then writes.
  if (options.dryRun) return addRoute(options, context, project);
  const { withProjectLock } = await import("../../project/lock.js");
  return withProjectLock(project.dir, { command: `add-route ${String(options.name)}` }, () => addRoute(options, context, project));
}

async function addRoute(options: AddRouteOptions, context: CommandContext, project: ProjectContext): Promise<CommandResult> {
  const [{ planAddRoute }, { applyPlan }] = await Promise.all([import("../../scaffold/route-plan.js"), import("../../scaffold/plan.js")]);
  const plan = planAddRoute({ projectDir: project.dir, name: String(options.name), mock: options.mock });
  const data = { route: plan.route.kebab, endpoint: plan.endpoint, dryRun: options.dryRun };
  if (options.dryRun) {
    const writes = describeWrites(plan.writes);
    return { lines: plannedLines(writes, project.dir), data: { ...data, writes, exitCode: 0 } };
  }
  const applied = applyPlan(plan.writes);
  return {
    lines: [...plannedLines(applied, project.dir, true), `Route ${plan.endpoint.method} ${plan.endpoint.path} added. Run \`npm test\` to check it.`],
    data: { ...data, writes: applied, exitCode: 0 },
  };
}


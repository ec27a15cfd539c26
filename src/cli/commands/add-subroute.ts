import type { ProjectContext } from "../../project/context.js";
import { defineCommand, type CommandContext, type CommandResult } from "../command.js";
import { describeWrites, plannedLines } from "../../scaffold/plan-summary.js";

export interface AddSubrouteOptions {
  route: string;
  name: string;
  method: string;
  mock?: string;
  dryRun: boolean;
}

/** `backant add-subroute ROUTE NAME [--method M] [--mock JSON]`: BackAnt's `ant generate subroute`. */
export const addSubrouteCommand = defineCommand<AddSubrouteOptions>({
  command: "add-subroute <route> <name>",
  describe: "Add an endpoint /ROUTE/NAME to an existing route, with its service method and a test",
  examples: [
    ["backant add-subroute users profile", "GET /users/profile"],
    [`backant add-subroute users invite --method POST --mock '{"invited": true}'`, "POST /users/invite answering the mock data"],
    ["backant add-subroute reports monthly --mock monthly.json --dry-run", "mock data from a file; show the writes, write nothing"],
  ],
  builder: (y) =>
    y
      .positional("route", { type: "string", describe: "An existing route (src/routes/ROUTE.route.ts)" })
      .positional("name", { type: "string", describe: "The endpoint's name, its path under the route: profile, monthly-summary" })
      .option("method", { type: "string", default: "GET", describe: "HTTP method: GET, POST, PUT, PATCH or DELETE" })
      .option("mock", { type: "string", describe: "JSON the endpoint answers (inline, or the path of a .json file)" })
      .option("dry-run", { type: "boolean", default: false, describe: "Print the planned writes and write nothing" }),
  run: async (options, context) => {
    // Refused (exit 2, nothing written) outside a backant project.
    const project = (await import("../../project/context.js")).resolveProject(context.cwd, context.env);
    return addSubrouteInProject(project, options, context);
  },
});

/** The command once the project is resolved (also the MCP server's add_subroute tool). */
export async function addSubrouteInProject(project: ProjectContext, options: AddSubrouteOptions, context: CommandContext): Promise<CommandResult> {
  // One command at a time changes a project: it reads the files it then writes.
  if (options.dryRun) return addSubroute(options, context, project);
  const { withProjectLock } = await import("../../project/lock.js");
  return withProjectLock(project.dir, { command: `add-subroute ${String(options.route)} ${String(options.name)}` }, () => addSubroute(options, context, project));
}

async function addSubroute(options: AddSubrouteOptions, context: CommandContext, project: ProjectContext): Promise<CommandResult> {
  const [{ planAddSubroute }, { applyPlan }] = await Promise.all([import("../../scaffold/route-plan.js"), import("../../scaffold/plan.js")]);
  const plan = planAddSubroute({ projectDir: project.dir, route: String(options.route), name: String(options.name), method: options.method, mock: options.mock });
  const data = { route: plan.route.kebab, endpoint: plan.endpoint, dryRun: options.dryRun };
  if (options.dryRun) {
    const writes = describeWrites(plan.writes);
    return { lines: plannedLines(writes, project.dir), data: { ...data, writes, exitCode: 0 } };
  }
  const applied = applyPlan(plan.writes);
  return {
    lines: [...plannedLines(applied, project.dir, true), `Endpoint ${plan.endpoint.method} ${plan.endpoint.path} added. Run \`npm test\` to check it.`],
    data: { ...data, writes: applied, exitCode: 0 },
  };
}


import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { CommandContext } from "../cli/command.js";
import { InputError } from "../errors.js";
import { resolveProject, type ProjectContext } from "../project/context.js";
import { readMigrations } from "../migrations/migration-folders.js";
import { backantVersion } from "../version.js";
import { fieldsDescription, fieldsText, structuredFieldSchema } from "./field-input.js";
import { loadProjectModels, requireModel, summarizeModel, summarizeModels } from "./model-summary.js";
import { openApiDocument } from "./openapi.js";
import { modelPlanId } from "./plan-id.js";
import { commandToolResult, dataToolResult, guardedTool } from "./tool-result.js";

/**
 * The MCP server of `backant mcp`: the CLI's safe commands as tools, the project's models, schema,
 * migrations and OpenAPI document as resources. Every tool calls the function its CLI command
 * calls (src/cli/commands/*: the *InProject functions), with the same checks, guard and lock.
 * What the server leaves out is the point: no reset, no rollback, no --allow-production; data loss
 * only when a call asks for it, and the production guard refuses that as it refuses the CLI.
 */
export interface McpServerOptions {
  /** The project folder the server was started in. */
  projectDir: string;
  /** The shell's environment at start (each call re-reads the project's .env over it, as a new CLI run would). */
  shellEnv: NodeJS.ProcessEnv;
  /** Progress lines of the commands (the CLI's stderr lines): never stdout, which carries the protocol. */
  log: (line: string) => void;
}

const INSTRUCTIONS = [
  "backant grows this Fastify + Prisma API from model files in src/models. Change the project through these tools, not by editing prisma/schema.prisma (it is generated) or running prisma migrate reset.",
  "Adding a model is two calls: add_model without planId returns the planned writes and a planId; call it again with the same arguments and that planId to write them.",
  "While developing, sync brings the dev database and Prisma client in line with the models. For production, migrate_create writes a migration (SQL, down.sql, data-loss warnings; apply: true applies it to the dev database), migrate_deploy applies pending migrations, migrate_status reports.",
  "Changes that lose data are refused unless acceptDataLoss is given, and always in production. There is no reset or rollback tool: ask the user to run those in a terminal.",
].join("\n");

export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: "backant", version: backantVersion() }, { instructions: INSTRUCTIONS });

  // Each call resolves the project again (an edited .env, NODE_ENV=production, counts at once), as
  // a new CLI run would; the server started only inside a project, so this refuses only if the
  // project was taken apart meanwhile.
  const project = (): ProjectContext => resolveProject(options.projectDir, options.shellEnv);
  const context = (): CommandContext => ({ cwd: options.projectDir, env: options.shellEnv, report: true, log: options.log });

  // One call at a time, as one person runs one command at a time: the commands take the project
  // lock anyway, and the in-process schema engine is not shared between concurrent commands.
  let queue: Promise<unknown> = Promise.resolve();
  const tool = (work: () => Promise<CallToolResult>): Promise<CallToolResult> => {
    const run = queue.then(() => guardedTool(work));
    queue = run.catch(() => undefined);
    return run;
  };
  const commands = {
    addModel: () => import("../cli/commands/add-model.js"),
    addRoute: () => import("../cli/commands/add-route.js"),
    addSubroute: () => import("../cli/commands/add-subroute.js"),
    schema: () => import("../cli/commands/schema.js"),
    sync: () => import("../cli/commands/sync.js"),
    migrate: () => import("../cli/commands/migrate.js"),
    lock: () => import("../project/lock.js"),
  };

  server.registerTool(
    "list_models",
    { title: "List models", description: "Every model of src/models with its fields and relations.", inputSchema: {}, annotations: { readOnlyHint: true } },
    () => tool(async () => dataToolResult({ models: summarizeModels(await loadProjectModels(project())) })),
  );

  server.registerTool(
    "show_model",
    { title: "Show a model", description: "One model: fields, relations, and the relations of other models that point at it.", inputSchema: { name: z.string().describe("Model name, e.g. Orders") }, annotations: { readOnlyHint: true } },
    ({ name }) =>
      tool(async () => {
        const set = await loadProjectModels(project());
        return dataToolResult({ model: summarizeModel(set, requireModel(set, name)) });
      }),
  );

  server.registerTool(
    "add_model",
    {
      title: "Add a model",
      description:
        "backant add-model: the model file, its CRUD route, service, repository and test (in a generated project), and the schema. " +
        "Without planId it writes nothing and returns the plan and its planId; with the planId of that plan (same arguments) it writes the files. " +
        "A planId whose plan no longer matches the project is refused: plan again.",
      inputSchema: {
        name: z.string().describe('Model name, PascalCase and plural by convention: "Orders", "OrderLines"'),
        fields: z.string().optional().describe(fieldsDescription),
        structuredFields: z.array(structuredFieldSchema).optional().describe("The fields as objects instead of the fields text"),
        force: z.boolean().optional().describe("Replace the model file (and its route, service, repository and test) if they exist"),
        planId: z.string().optional().describe("The planId a previous call without planId returned: apply that plan"),
      },
      annotations: { destructiveHint: false, idempotentHint: false },
    },
    (input) =>
      tool(async () => {
        const { planModelAddition, modelAdditionResult } = await commands.addModel();
        const current = project();
        const request = { name: input.name, fields: fieldsText(input.fields, input.structuredFields), force: input.force === true };
        if (input.planId === undefined) {
          const addition = await planModelAddition(current, request);
          const planId = modelPlanId(request, addition, current.dir);
          const result = await modelAdditionResult(addition, current, true);
          result.lines.push("", `Plan id: ${planId}. To write these files, call add_model again with the same arguments and planId "${planId}".`);
          return commandToolResult(result, { planId, applied: false });
        }
        const planId = input.planId;
        const { withProjectLock } = await commands.lock();
        return withProjectLock(current.dir, { command: `add-model ${input.name} (mcp)` }, async () => {
          const addition = await planModelAddition(current, request);
          if (modelPlanId(request, addition, current.dir) !== planId) {
            throw new InputError(`Plan ${planId} no longer matches the project (or was made for other arguments); nothing was written.`, {
              code: "PLAN_CHANGED",
              hint: "Call add_model without planId to see the plan for the project as it is now, then apply that one.",
            });
          }
          return commandToolResult(await modelAdditionResult(addition, current, false), { planId, applied: true });
        });
      }),
  );

  const mockInput = z
    .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
    .optional()
    .describe("The JSON the endpoint answers: a value, JSON text, or the path of a .json file in the project (the CLI's --mock)");
  const mockText = (mock: unknown): string | undefined => (mock === undefined || typeof mock === "string" ? mock : JSON.stringify(mock));

  server.registerTool(
    "add_route",
    {
      title: "Add a route",
      description: "backant add-route: src/routes/NAME.route.ts with its service and a test, wired in at /NAME (GET answering the mock data).",
      inputSchema: { name: z.string().describe("Route name: reports, order-stats"), mock: mockInput, dryRun: z.boolean().optional().describe("Return the planned writes, write nothing") },
    },
    (input) =>
      tool(async () => {
        const { addRouteInProject } = await commands.addRoute();
        return commandToolResult(await addRouteInProject(project(), { name: input.name, mock: mockText(input.mock), dryRun: input.dryRun === true }, context()));
      }),
  );

  server.registerTool(
    "add_subroute",
    {
      title: "Add a subroute",
      description: "backant add-subroute: an endpoint /ROUTE/NAME on an existing route, with its service method and a test.",
      inputSchema: {
        route: z.string().describe("An existing route (src/routes/ROUTE.route.ts)"),
        name: z.string().describe("The endpoint's path under the route: profile, monthly-summary"),
        method: z.string().optional().describe("HTTP method: GET (default), POST, PUT, PATCH or DELETE"),
        mock: mockInput,
        dryRun: z.boolean().optional().describe("Return the planned writes, write nothing"),
      },
    },
    (input) =>
      tool(async () => {
        const { addSubrouteInProject } = await commands.addSubroute();
        const options = { route: input.route, name: input.name, method: input.method ?? "GET", mock: mockText(input.mock), dryRun: input.dryRun === true };
        return commandToolResult(await addSubrouteInProject(project(), options, context()));
      }),
  );

  server.registerTool(
    "schema",
    {
      title: "Render or check the Prisma schema",
      description:
        "backant schema. render: the schema the models give (writes nothing); check: whether prisma/schema.prisma is up to date (an error result when not); write: write prisma/schema.prisma.",
      inputSchema: { mode: z.enum(["render", "check", "write"]).optional().describe("render (default), check or write") },
      annotations: { idempotentHint: true },
    },
    ({ mode }) =>
      tool(async () => {
        const { schemaInProject } = await commands.schema();
        const chosen = mode ?? "render";
        return commandToolResult(await schemaInProject(project(), { stdout: chosen === "render", check: chosen === "check" }, context()), { mode: chosen });
      }),
  );

  server.registerTool(
    "sync",
    {
      title: "Sync the dev database",
      description:
        "backant sync: render the schema, push it to the development database (never dropping data unless acceptDataLoss), regenerate the Prisma client; skipped when nothing changed.",
      inputSchema: {
        force: z.boolean().optional().describe("Sync even when the fingerprint says nothing changed"),
        acceptDataLoss: z.boolean().optional().describe("Let the push drop columns or tables with data (refused in production)"),
      },
    },
    (input) =>
      tool(async () => {
        const { syncInProject } = await commands.sync();
        // allowProduction is never passed: the production guard stands for every MCP call.
        return commandToolResult(await syncInProject(project(), { force: input.force === true, acceptDataLoss: input.acceptDataLoss === true, allowProduction: false }, context()));
      }),
  );

  server.registerTool(
    "migrate_create",
    {
      title: "Create a migration",
      description:
        'backant migrate "message": writes prisma/migrations/<timestamp>_<slug>/migration.sql and down.sql from the model changes and returns their SQL and data-loss warnings. ' +
        "It applies the migration to the dev database only with apply: true; one that loses data is then refused unless acceptDataLoss (never in production).",
      inputSchema: {
        message: z.string().describe('What the migration does: "add phone"'),
        apply: z.boolean().optional().describe("Apply the new migration to the dev database (default false: write it for review)"),
        acceptDataLoss: z.boolean().optional().describe("With apply: apply it even though it loses data (refused in production)"),
      },
    },
    (input) =>
      tool(async () => {
        const { createMigrationInProject } = await commands.migrate();
        const apply = input.apply === true;
        const options = { createOnly: !apply, apply, acceptDataLoss: input.acceptDataLoss === true, allowProduction: false };
        return commandToolResult(await createMigrationInProject(project(), input.message.trim(), options, context()));
      }),
  );

  server.registerTool(
    "migrate_status",
    { title: "Migration status", description: "backant migrate status: applied, pending and failed migrations, drift, models not yet in a migration.", inputSchema: {}, annotations: { readOnlyHint: true } },
    () =>
      tool(async () => {
        const { statusCommand } = await commands.migrate();
        // "Not up to date" is an answer, not a failure of the tool: the CLI's exit 1 is kept in the data.
        const result = await statusCommand(project());
        return commandToolResult({ ...result, exitCode: 0 });
      }),
  );

  server.registerTool(
    "migrate_deploy",
    { title: "Deploy migrations", description: "backant migrate deploy: apply pending migrations to the database of DATABASE_URL, each in one transaction.", inputSchema: {} },
    () =>
      tool(async () => {
        const { deployCommand } = await commands.migrate();
        return commandToolResult(await deployCommand(project()));
      }),
  );

  registerResources(server, project);
  return server;
}

function registerResources(server: McpServer, project: () => ProjectContext): void {
  const json = (uri: URL, data: unknown) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(data, null, 2) }] });

  server.registerResource("models", "backant://models", { title: "Models", description: "The models of src/models with their fields and relations", mimeType: "application/json" }, async (uri) =>
    json(uri, { models: summarizeModels(await loadProjectModels(project())) }),
  );

  server.registerResource(
    "schema",
    "backant://schema",
    { title: "Prisma schema", description: "prisma/schema.prisma as the models render it now (what `backant schema` writes)", mimeType: "text/plain" },
    async (uri) => {
      (await import("../schema/wasm-startup.js")).preferBaselineWasmCompiler();
      const { planSchemaFile } = await import("../scaffold/schema-file.js");
      const current = project();
      const plan = await planSchemaFile(current.dir, current.config);
      return { contents: [{ uri: uri.href, mimeType: "text/plain", text: plan.text }] };
    },
  );

  server.registerResource(
    "migrations",
    "backant://migrations",
    { title: "Migrations", description: "prisma/migrations, oldest first: each migration's migration.sql and down.sql", mimeType: "application/json" },
    async (uri) => json(uri, { migrations: readMigrations(project().paths.migrations).map((m) => ({ name: m.name, sql: m.sql, downSql: m.down ?? null, checksum: m.checksum })) }),
  );

  server.registerResource(
    "openapi",
    "backant://openapi",
    { title: "OpenAPI document", description: "The OpenAPI document of the models' CRUD routes (the app serves the full one at /docs/json)", mimeType: "application/json" },
    async (uri) => {
      const current = project();
      const { readFileSync } = await import("node:fs");
      const title = (JSON.parse(readFileSync(`${current.dir}/package.json`, "utf8")) as { name?: string }).name ?? "api";
      return json(uri, openApiDocument(current, await loadProjectModels(current), title));
    },
  );
}

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planProjectFiles } from "../../src/scaffold/project-files.js";
import { writeProjectFiles } from "../support/generated-project.js";
import { repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgQuery, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { cleanEnv, runNode } from "../support/processes.js";
import { removeDir, scratchDir } from "../support/scratch.js";

/**
 * `backant mcp` driven as an agent drives it: the SDK's own Client spawns `node bin/backant.js mcp`
 * over stdio in a generated project (planProjectFiles, backant linked to this checkout), on SQLite
 * and on PostgreSQL. One project per database, the steps in order: each step builds on the last,
 * as an agent's session does. Results are checked on disk and in the database, not only in text.
 * The client would reject any line on the server's stdout that is not JSON-RPC, so every step also
 * checks that stdout carries the protocol alone.
 */

const cliBin = path.join(repoRoot, "bin", "backant.js");
const CALL = { timeout: 300_000 };

type Provider = "sqlite" | "postgresql";

interface ToolAnswer {
  isError: boolean;
  text: string;
  data: Record<string, any>;
}

/** The shell environment of the server: no NODE_ENV, so the project's .env says which environment it is. */
function serverEnv(): Record<string, string> {
  const env = cleanEnv({ NO_COLOR: "1", FORCE_COLOR: "0", DEBUG: "" });
  delete env.NODE_ENV;
  delete env.VITEST;
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Every file under the project with a hash of its bytes. node_modules is a link to this repository
 * (and readdirSync's recursive walk follows links), so the walk is ours and skips it.
 */
function snapshot(dir: string, result: Record<string, string> = {}, prefix = ""): Record<string, string> {
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.join(prefix, entry.name);
    if (relative === "node_modules") continue;
    if (entry.isDirectory()) {
      result[relative] = "dir";
      snapshot(dir, result, relative);
    } else result[relative] = createHash("sha256").update(readFileSync(path.join(dir, relative))).digest("hex");
  }
  return result;
}

/** The first line of the CLI's error, without its "error " prefix: what the tool error must say. */
async function cliError(dir: string, args: string[]): Promise<{ exitCode: number; message: string }> {
  const run = await runNode(cliBin, args, { cwd: dir, env: serverEnv(), extendEnv: false, stdin: "ignore", timeout: 300_000 });
  const line = String(run.stderr).split("\n").find((candidate) => candidate.startsWith("error ")) ?? String(run.stderr);
  return { exitCode: run.exitCode ?? -1, message: line.slice("error ".length) };
}

describe.each(["sqlite", "postgresql"] as const)("backant mcp on %s", (provider: Provider) => {
  let dir: string;
  let database: string | undefined;
  let client: Client;
  let stderr = "";
  const protocolErrors: string[] = [];

  const query = async <T = Record<string, unknown>>(sql: string): Promise<T[]> => {
    if (database) return (await pgQuery(database, sql)) as T[];
    const db = new Database(path.join(dir, "dev.db"), { fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  const tables = async (): Promise<string[]> =>
    (
      await query<{ name: string }>(
        provider === "sqlite" ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name" : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      )
    ).map((row) => row.name);
  const columns = async (table: string): Promise<string[]> =>
    (
      await query<{ name: string }>(
        provider === "sqlite" ? `SELECT name FROM pragma_table_info('${table}')` : `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}'`,
      )
    ).map((row) => row.name);

  async function call(name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
    const result = (await client.callTool({ name, arguments: args }, undefined, CALL)) as { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, any> };
    return { isError: result.isError === true, text: result.content.map((part) => part.text ?? "").join("\n"), data: result.structuredContent ?? {} };
  }
  async function read(uri: string): Promise<string> {
    const result = await client.readResource({ uri }, CALL);
    return result.contents.map((content) => ("text" in content ? String(content.text) : "")).join("");
  }
  const setNodeEnv = (value: string) => {
    const envFile = path.join(dir, ".env");
    writeFileSync(envFile, readFileSync(envFile, "utf8").replace(/^NODE_ENV=.*$/m, `NODE_ENV=${value}`));
  };

  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, "dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` before these tests.");
    dir = scratchDir(`mcp-${provider}`);
    await writeProjectFiles(dir, await planProjectFiles({ name: "mcp-api", db: provider, backantDependency: `file:${repoRoot}` }));
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(repoRoot, path.join(dir, "node_modules", "backant"), "dir");
    if (provider === "postgresql") {
      database = uniqueDatabaseName("backant_mcp_");
      await createPgDatabase(database);
      const envFile = path.join(dir, ".env");
      writeFileSync(envFile, readFileSync(envFile, "utf8").replace(/^DATABASE_URL=.*$/m, `DATABASE_URL="${pgUrl(database)}"`));
    }
    const transport = new StdioClientTransport({ command: process.execPath, args: [cliBin, "mcp"], cwd: dir, env: serverEnv(), stderr: "pipe" });
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: "backant-test", version: "0.0.0" });
    // A line on stdout that is not JSON-RPC reaches the client as an error here (and the message is lost).
    client.onerror = (error) => protocolErrors.push(error.message);
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    if (database) await dropPgDatabase(database);
    if (dir) removeDir(dir);
  });

  it("lists its tools and resources, and none resets or rolls back", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    expect(names).toEqual(["add_model", "add_route", "add_subroute", "list_models", "migrate_create", "migrate_deploy", "migrate_status", "schema", "show_model", "sync"]);
    expect(names.filter((name) => /reset|rollback/.test(name))).toEqual([]);
    // No tool takes --allow-production: the production guard stands for every call.
    for (const tool of tools) expect(Object.keys(tool.inputSchema.properties ?? {})).not.toContain("allowProduction");
    const addModel = tools.find((tool) => tool.name === "add_model")!;
    expect(addModel.inputSchema.required).toEqual(["name"]);
    expect(Object.keys(addModel.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["fields", "structuredFields", "planId"]));
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual(["backant://migrations", "backant://models", "backant://openapi", "backant://schema"]);
  });

  it("lists the models and shows one; an unknown model is a tool error", async () => {
    const list = await call("list_models");
    expect(list.isError).toBe(false);
    expect(list.data.models.map((model: { name: string }) => model.name)).toEqual(["Users"]);
    const users = await call("show_model", { name: "Users" });
    expect(users.data.model.fields.map((field: { name: string }) => field.name)).toEqual(expect.arrayContaining(["id", "email"]));
    const unknown = await call("show_model", { name: "User" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/^No model named "User"; did you mean Users\?/);
  });

  it("reports a broken model file as the CLI does, from a tool and from a resource, and keeps serving", async () => {
    const broken = path.join(dir, "src/models/Broken.model.ts");
    writeFileSync(broken, "export default 42;\n");
    try {
      const list = await call("list_models");
      expect(list.isError).toBe(true);
      const cli = await cliError(dir, ["schema", "--check"]);
      expect(cli.exitCode).toBe(2);
      expect(list.text.split("\n")[0]).toBe(cli.message);
      await expect(read("backant://models")).rejects.toThrow(cli.message);
    } finally {
      removeDir(broken);
    }
    expect((await call("list_models")).isError).toBe(false);
  });

  it("refuses a bad model name with the CLI's message and writes nothing", async () => {
    const before = snapshot(dir);
    const answer = await call("add_model", { name: "order lines", fields: "total:int" });
    expect(answer.isError).toBe(true);
    const cli = await cliError(dir, ["add-model", "order lines", "--fields", "total:int"]);
    expect(cli.exitCode).toBe(2);
    expect(answer.text.split("\n")[0]).toBe(cli.message);
    expect(answer.data.error.code).toBe("BAD_MODEL_NAME");
    // Bad field specs, given as text or as objects, meet the CLI's parser.
    const badType = await call("add_model", { name: "Orders", structuredFields: [{ name: "total", type: "money" }] });
    expect(badType.isError).toBe(true);
    expect(badType.text).toMatch(/Unknown type "money"/);
    // The wrong shape is refused by the input schema, as a tool error too.
    const noName = await call("add_model", { fields: "total:int" });
    expect(noName.isError).toBe(true);
    expect(noName.text).toMatch(/name/);
    const planWithoutDryRun = await call("add_model", { name: "Orders", fields: "total:int", planId: "0000000000000000" });
    expect(planWithoutDryRun.isError).toBe(true);
    expect(planWithoutDryRun.data.error.code).toBe("PLAN_CHANGED");
    expect(snapshot(dir)).toEqual(before);
  });

  it("adds a model in two calls: the plan with its id, then the apply; a stale plan id is refused", async () => {
    const args = { name: "Orders", fields: "total:decimal(10,2) status:enum(pending,paid) customer:belongsTo(Users)" };
    const before = snapshot(dir);
    const plan = await call("add_model", args);
    expect(plan.isError, plan.text).toBe(false);
    expect(plan.text).toMatch(/^Dry run: nothing written/);
    expect(plan.text).toContain("src/models/Orders.model.ts");
    expect(plan.data.planId).toMatch(/^[0-9a-f]{16}$/);
    expect(snapshot(dir)).toEqual(before);

    // Other arguments than the plan's: refused.
    const otherArgs = await call("add_model", { ...args, fields: "total:int", planId: plan.data.planId });
    expect(otherArgs.isError).toBe(true);
    expect(otherArgs.data.error.code).toBe("PLAN_CHANGED");

    // The project changed after the plan (the routes index the plan rewrites): refused, nothing written.
    const index = path.join(dir, "src/routes/index.ts");
    const indexText = readFileSync(index, "utf8");
    writeFileSync(index, `${indexText}// edited by hand\n`);
    const changed = snapshot(dir);
    const stale = await call("add_model", { ...args, planId: plan.data.planId });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(new RegExp(`^Plan ${plan.data.planId} no longer matches the project`));
    expect(snapshot(dir)).toEqual(changed);
    writeFileSync(index, indexText);

    // Planned again, the same plan (the project is as it was), applied.
    const again = await call("add_model", args);
    expect(again.data.planId).toBe(plan.data.planId);
    const applied = await call("add_model", { ...args, planId: again.data.planId });
    expect(applied.isError, applied.text).toBe(false);
    expect(applied.data.applied).toBe(true);
    for (const file of ["src/models/Orders.model.ts", "src/routes/orders.route.ts", "src/services/orders.service.ts", "src/repositories/orders.repository.ts", "test/orders.test.ts"]) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(readFileSync(path.join(dir, "src/routes/index.ts"), "utf8")).toContain("ordersRoute");
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toContain("model Orders");

    // The same plan id once more: the files it creates exist now, so the plan is refused.
    const twice = await call("add_model", { ...args, planId: plan.data.planId });
    expect(twice.isError).toBe(true);
    expect(twice.text).toMatch(/^Model Orders already exists/);
  });

  it("adds a route and a subroute", async () => {
    const dry = await call("add_route", { name: "reports", mock: { total: 3 }, dryRun: true });
    expect(dry.isError, dry.text).toBe(false);
    expect(existsSync(path.join(dir, "src/routes/reports.route.ts"))).toBe(false);
    const route = await call("add_route", { name: "reports", mock: { total: 3 } });
    expect(route.isError, route.text).toBe(false);
    expect(route.text).toContain("Route GET /reports added");
    expect(existsSync(path.join(dir, "src/routes/reports.route.ts"))).toBe(true);
    const sub = await call("add_subroute", { route: "reports", name: "monthly", method: "POST", mock: '{"sent": true}' });
    expect(sub.isError, sub.text).toBe(false);
    expect(sub.data.endpoint).toEqual({ method: "POST", path: "/reports/monthly" });
    expect(readFileSync(path.join(dir, "src/routes/reports.route.ts"), "utf8")).toContain("/monthly");

    const before = snapshot(dir);
    const missing = await call("add_subroute", { route: "nope", name: "x" });
    expect(missing.isError).toBe(true);
    const cli = await cliError(dir, ["add-subroute", "nope", "x"]);
    expect(missing.text.split("\n")[0]).toBe(cli.message);
    const badMethod = await call("add_subroute", { route: "reports", name: "weekly", method: "FETCH" });
    expect(badMethod.isError).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });

  it("renders and checks the schema", async () => {
    const rendered = await call("schema", { mode: "render" });
    expect(rendered.isError).toBe(false);
    expect(rendered.text).toContain("model Orders");
    expect((await call("schema", { mode: "check" })).isError).toBe(false);
    // A model written by hand: the schema file is out of date until written.
    writeFileSync(path.join(dir, "src/models/Notes.model.ts"), `import { model, t } from "backant/model";\n\nexport default model("Notes", {\n  id: t.id(),\n  body: t.text(),\n});\n`);
    const stale = await call("schema", { mode: "check" });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(/out of date/);
    expect((await call("schema", { mode: "write" })).isError).toBe(false);
    expect((await call("schema", { mode: "check" })).isError).toBe(false);
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toContain("model Notes");
  });

  let first = "";
  it("creates a migration without applying it: SQL and down.sql come back, the database is untouched", async () => {
    const created = await call("migrate_create", { message: "init" });
    expect(created.isError, created.text).toBe(false);
    expect(created.data.applyState).toBe("not-applied");
    expect(created.data.sql).toMatch(/CREATE TABLE "orders"/);
    expect(created.data.downSql).toMatch(/DROP TABLE/);
    first = created.data.migration;
    expect(readFileSync(path.join(dir, "prisma/migrations", first, "migration.sql"), "utf8")).toBe(created.data.sql);
    expect(readFileSync(path.join(dir, "prisma/migrations", first, "down.sql"), "utf8")).toBe(created.data.downSql);
    if (provider === "postgresql") expect(await tables()).toEqual([]);
    else expect(existsSync(path.join(dir, "dev.db")) ? await tables() : []).not.toContain("orders");

    const empty = await call("migrate_create", { message: "  " });
    expect(empty.isError).toBe(true);
    expect(empty.data.error.code).toBe("MIGRATION_MESSAGE_MISSING");
  });

  it("reports the status, deploys, and reports up to date", async () => {
    const pending = await call("migrate_status");
    expect(pending.isError).toBe(false);
    expect(pending.data.pending).toEqual([first]);
    expect(pending.data.upToDate).toBe(false);
    const deployed = await call("migrate_deploy");
    expect(deployed.isError, deployed.text).toBe(false);
    expect(deployed.data.applied).toEqual([first]);
    expect(await tables()).toEqual(expect.arrayContaining(["orders", "users", "notes", "_prisma_migrations"]));
    const current = await call("migrate_status");
    expect(current.data.upToDate).toBe(true);
  });

  it("syncs the dev database with a new model, then records it in a migration applied with apply: true", async () => {
    const plan = await call("add_model", { name: "Tags", structuredFields: [{ name: "label", type: "string(40)", unique: true }, { name: "rank", type: "int", optional: true }] });
    expect(plan.isError, plan.text).toBe(false);
    expect(plan.text).toContain("label: t.string(40).unique()");
    expect((await call("add_model", { name: "Tags", structuredFields: [{ name: "label", type: "string(40)", unique: true }, { name: "rank", type: "int", optional: true }], planId: plan.data.planId })).isError).toBe(false);

    const synced = await call("sync");
    expect(synced.isError, synced.text).toBe(false);
    expect(synced.text).toMatch(/^Synced /);
    expect(await columns("tags")).toEqual(expect.arrayContaining(["id", "label", "rank"]));
    expect(existsSync(path.join(dir, "src/generated/prisma/client.ts"))).toBe(true);
    expect((await call("sync")).text).toMatch(/nothing to do/);

    const created = await call("migrate_create", { message: "add tags", apply: true });
    expect(created.isError, created.text).toBe(false);
    expect(created.data.sql).toMatch(/CREATE TABLE "tags"/);
    // The dev database already had the table (sync pushed it): recorded as applied, not run again.
    expect(["applied", "recorded"]).toContain(created.data.applyState);
    const rows = await query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual([first, created.data.migration]);
    expect((await call("migrate_status")).data.upToDate).toBe(true);
  });

  it("refuses changes that lose data: sync, and a migration applied with apply: true", async () => {
    // A row whose body the change would drop.
    if (provider === "sqlite") {
      const db = new Database(path.join(dir, "dev.db"), { fileMustExist: true });
      db.prepare("INSERT INTO notes (body) VALUES ('kept')").run();
      db.close();
    } else await pgQuery(database!, "INSERT INTO notes (body) VALUES ('kept')");
    const notesModel = path.join(dir, "src/models/Notes.model.ts");
    writeFileSync(notesModel, readFileSync(notesModel, "utf8").replace("  body: t.text(),\n", ""));

    const sync = await call("sync");
    expect(sync.isError).toBe(true);
    expect(sync.data.error.code).toBe("SYNC_WOULD_LOSE_DATA");
    expect(await columns("notes")).toContain("body");

    const created = await call("migrate_create", { message: "drop body", apply: true });
    expect(created.isError).toBe(true);
    expect(created.data.applyState).toBe("refused-data-loss");
    expect(created.text).toMatch(/Not applied: .* loses data/);
    expect(await columns("notes")).toContain("body");
    expect((await query<{ n: number }>("SELECT count(*) AS n FROM notes")).map((row) => Number(row.n))).toEqual([1]);
  });

  it("in production refuses to accept data loss, with the guard's message", async () => {
    setNodeEnv("production");
    try {
      const before = snapshot(dir);
      const sync = await call("sync", { acceptDataLoss: true });
      expect(sync.isError).toBe(true);
      expect(sync.data.error.code).toBe("PRODUCTION_REFUSED");
      const cli = await cliError(dir, ["sync", "--accept-data-loss"]);
      expect(cli.exitCode).toBe(2);
      expect(sync.text.split("\n")[0]).toBe(cli.message);
      expect(sync.text).toMatch(/^Refused: backant sync --accept-data-loss .* NODE_ENV is "production" \(from the project's \.env\)/);

      const migrate = await call("migrate_create", { message: "drop body again", apply: true, acceptDataLoss: true });
      expect(migrate.isError).toBe(true);
      expect(migrate.data.error.code).toBe("PRODUCTION_REFUSED");
      expect(snapshot(dir)).toEqual(before);
      expect(await columns("notes")).toContain("body");
    } finally {
      setNodeEnv("development");
    }
  });

  it("in development applies a change that loses data when the call asks for it", async () => {
    const synced = await call("sync", { acceptDataLoss: true });
    expect(synced.isError, synced.text).toBe(false);
    expect(await columns("notes")).not.toContain("body");
  });

  it("serves the models, the schema, the migrations with their SQL, and the OpenAPI document", async () => {
    const models = JSON.parse(await read("backant://models")) as { models: Array<{ name: string; relations: Array<{ target: string }> }> };
    expect(models.models.map((model) => model.name)).toEqual(["Notes", "Orders", "Tags", "Users"]);
    expect(models.models.find((model) => model.name === "Orders")!.relations.map((relation) => relation.target)).toEqual(["Users"]);
    expect(await read("backant://schema")).toMatch(/model Tags \{/);
    const migrations = JSON.parse(await read("backant://migrations")) as { migrations: Array<{ name: string; sql: string; downSql: string | null }> };
    expect(migrations.migrations[0]!.name).toBe(first);
    expect(migrations.migrations[0]!.sql).toBe(readFileSync(path.join(dir, "prisma/migrations", first, "migration.sql"), "utf8"));
    expect(migrations.migrations.every((migration) => typeof migration.downSql === "string")).toBe(true);
    const openapi = JSON.parse(await read("backant://openapi")) as { openapi: string; info: { title: string }; paths: Record<string, Record<string, any>> };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(openapi.info.title).toBe("mcp-api");
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/users", "/users/{id}", "/orders", "/orders/{id}", "/tags", "/tags/{id}"]));
    // The request body is the schema the app validates with: customerId required, status one of the enum.
    const createOrder = openapi.paths["/orders"]!.post.requestBody.content["application/json"].schema;
    expect(createOrder.required).toEqual(expect.arrayContaining(["total", "customerId"]));
    expect(createOrder.properties.status.enum).toEqual(["pending", "paid"]);
  });

  it("wrote nothing but JSON-RPC to stdout, and its log went to stderr", async () => {
    // Every call above went through the client, which reports a stdout line that is not JSON-RPC.
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    expect(protocolErrors).toEqual([]);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe("backant mcp outside a project", () => {
  it("exits 2 with the NOT_A_PROJECT message and serves nothing", async () => {
    const dir = scratchDir("mcp-none");
    try {
      const run = await runNode(cliBin, ["mcp"], { cwd: dir, env: serverEnv(), extendEnv: false, stdin: "ignore", timeout: 60_000 });
      expect(run.exitCode).toBe(2);
      expect(String(run.stdout)).toBe("");
      expect(String(run.stderr)).toMatch(/^error .* is not a backant project/);
    } finally {
      removeDir(dir);
    }
  });
});

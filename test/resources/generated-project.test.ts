import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../src/project/config.js";
import { runCli } from "../cli/project.js";
import { DEFAULT_MODELS } from "../../src/scaffold/project-files.js";
import { copyProject } from "../support/generated-project.js";
import { dropPgDatabase, pgDatabaseNames, pgQuery, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { removeDir } from "../support/scratch.js";
import { call, inProject, startServer, stopServer } from "../templates/project-checks.js";
import { exerciseOrders, ORDER_FIELDS } from "./added-model-checks.js";

/**
 * The generators inside a real generated project (installed once per database, copied per suite):
 * add-model with a relation to Users, an enum and a unique field; add-route and add-subroute with
 * mock data, on a mock route and on a model's route. Then the project must type-check, pass its
 * own tests (the new ones included), and serve the new endpoints over HTTP.
 */

const REPORTS_MOCK = [
  { id: 1, name: "Alice", score: 9.5, tags: ["a"] },
  { id: 2, name: "Bob", score: 7 },
];

const databases: Provider[] = ["sqlite", "postgresql"];

describe.each(databases)("generators in a generated %s project", (db) => {
  const database = uniqueDatabaseName("bk_add_");
  let dir: string;
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
  const backant = async (args: string[]) => {
    const run = await runCli(args, dir);
    expect(run.exitCode, `backant ${args.join(" ")}:\n${run.stderr}`).toBe(0);
    return run;
  };

  beforeAll(async () => {
    // Rendered afresh (not the base's files): add-model renders with today's templates, and
    // regenerates another model's files only when they are still what backant wrote.
    dir = await copyProject(db, { prefix: `bk-add-${db}`, models: [...DEFAULT_MODELS], ...(db === "postgresql" ? { databaseUrl: pgUrl(database) } : {}) });
  }, 30 * 60_000);

  afterAll(async () => {
    if (dir) removeDir(dir);
    if (db === "postgresql") {
      await dropPgDatabase(database);
      await dropPgDatabase(`${database}_test`);
      expect(await pgDatabaseNames([`${database}%`])).toEqual([]);
    }
  });

  it("adds a model with its route, service, repository and test, wired in", async () => {
    const run = await backant(["add-model", "Orders", "--fields", ORDER_FIELDS]);
    expect(run.stdout.split("\n").slice(0, 11)).toEqual([
      "created src/models/Orders.model.ts",
      "created src/routes/orders.route.ts",
      "created src/services/orders.service.ts",
      "created src/repositories/orders.repository.ts",
      "created test/orders.test.ts",
      "created test/factories/Orders.factory.ts",
      // customer:belongsTo(Users): Users gains ?include=orders, and its deletes name the orders that refuse them
      "updated src/services/users.service.ts",
      "updated src/repositories/users.repository.ts",
      "updated test/users.test.ts",
      "updated src/routes/index.ts",
      "updated prisma/schema.prisma",
    ]);
    expect(read("src/services/users.service.ts")).toContain("    orders: { model: OrdersModel, list: true },\n");
    expect(read("src/repositories/users.repository.ts")).toContain('{ field: "customerId", nouns: "orders", delegate: prisma.orders }');
    const index = read("src/routes/index.ts");
    // among the route imports in the order Biome keeps (the project's npm run lint checks it)
    expect(index).toContain('import { ordersRoute } from "./orders.route.js";\nimport { usersRoute } from "./users.route.js";\n// backant:route-imports');
    expect(index).toContain('  await app.register(ordersRoute, { prefix: "/orders", prisma });\n  // backant:routes');
    expect(read("prisma/schema.prisma")).toMatch(/^enum OrdersStatus \{/m);
    expect((await runCli(["schema", "--check"], dir)).exitCode).toBe(0);
  });

  it("adds a model whose hasMany gives Users a foreign key, and regenerates Users' untouched files", async () => {
    const run = await backant(["add-model", "Teams", "--fields", "name:string(80):unique members:hasMany(Users)"]);
    expect(run.stdout).toMatch(/^updated src\/repositories\/users\.repository\.ts$/m);
    expect(run.stdout).toMatch(/^updated src\/services\/users\.service\.ts$/m);
    expect(run.stdout).not.toContain("not updated");
    expect(read("src/services/users.service.ts")).toContain('  foreignKeys: [{ name: "teamsId", keyType: "int", optional: true }],\n');
    expect(read("src/services/users.service.ts")).toContain("    teams: { model: TeamsModel, list: false },\n");
  });

  it("adds a route and subroutes with mock data, on a new route and on the model's route", async () => {
    await backant(["add-route", "reports", "--mock", JSON.stringify(REPORTS_MOCK)]);
    await backant(["add-subroute", "reports", "motto", "--mock", '"ship it"']);
    await backant(["add-subroute", "reports", "refresh", "--method", "POST"]);
    await backant(["add-subroute", "orders", "stats", "--mock", '{"open": 3, "byStatus": {"pending": 2, "paid": 1}}']);
    await backant(["add-subroute", "users", "invite", "--method", "PUT", "--mock", '{"invited": true}']);
    expect(read("src/routes/index.ts")).toContain('  await app.register(reportsRoute, { prefix: "/reports" });\n  // backant:routes');
    expect(read("src/routes/orders.route.ts")).toMatch(/app\.get\(\n {4}"\/stats",[\s\S]*service\.getStats\(\)[\s\S]*\/\/ backant:subroutes/);
    expect(read("src/services/users.service.ts")).toMatch(/async replaceInvite\(_data: unknown\) \{\n {4}return \{ invited: true \};/);
  });

  it("type-checks after prisma generate", async () => {
    await inProject(dir, process.execPath, ["node_modules/prisma/build/index.js", "generate"]);
    await inProject(dir, "npx", ["tsc", "--noEmit"]);
  }, 10 * 60_000);

  it("passes the project's own tests, the new ones included", async () => {
    const tests = await inProject(dir, "npx", ["vitest", "run"]);
    const output = stripVTControlCharacters(tests.stdout);
    for (const file of ["orders.test.ts", "teams.test.ts", "reports.test.ts", "reports.motto.get.test.ts", "reports.refresh.post.test.ts", "orders.stats.get.test.ts", "users.invite.put.test.ts", "users.test.ts"]) {
      expect(existsSync(path.join(dir, "test", file))).toBe(true);
      expect(output, file).toMatch(new RegExp(`✓ test/${file.replaceAll(".", "\\.")} `));
    }
    expect(output).not.toMatch(/skipped|todo|failed/i);
  }, 10 * 60_000);

  it("serves the new model's CRUD and the mock endpoints over HTTP", async () => {
    await inProject(dir, process.execPath, ["node_modules/prisma/build/index.js", "db", "push"]);
    // API_DOCS: production serves the docs only when asked to; this test reads them.
    const server = await startServer(dir, ["node_modules/.bin/tsx", "src/server.ts"], { NODE_ENV: "production", API_DOCS: "true" });
    try {
      await exerciseOrders(server.url);
      const orders = `${server.url}/orders`;

      // Users takes and returns the foreign key the Teams model gave it
      const team = await call(`${server.url}/teams`, "POST", { name: "Engines" });
      expect(team.status, JSON.stringify(team.json)).toBe(201);
      const member = await call(`${server.url}/users`, "POST", { email: "grace@example.com", name: "Grace", teamsId: team.json.id });
      expect(member).toMatchObject({ status: 201, json: { teamsId: team.json.id } });
      expect((await call(`${server.url}/users?teamsId=${team.json.id}`, "GET")).json.data.map((u: { email: string }) => u.email)).toEqual(["grace@example.com"]);

      // the mock endpoints, and the docs page lists them with the mock's shape
      expect(await call(`${server.url}/reports`, "GET")).toEqual({ status: 200, json: REPORTS_MOCK });
      expect(await call(`${server.url}/reports/motto`, "GET")).toEqual({ status: 200, json: "ship it" });
      expect(await call(`${server.url}/reports/refresh`, "POST", { full: true })).toEqual({
        status: 201,
        json: { message: "POST /reports/refresh received your data.", data: { full: true } },
      });
      expect(await call(`${orders}/stats`, "GET")).toEqual({ status: 200, json: { open: 3, byStatus: { pending: 2, paid: 1 } } });
      expect(await call(`${server.url}/users/invite`, "PUT", { email: "x@example.com" })).toEqual({ status: 200, json: { invited: true } });
      const docs = await call(`${server.url}/docs/json`, "GET");
      expect(Object.keys(docs.json.paths)).toEqual(expect.arrayContaining(["/orders", "/orders/{id}", "/orders/stats", "/reports", "/reports/motto", "/users/invite"]));
      expect(docs.json.paths["/reports"].get.operationId).toBe("getReports");
      expect(docs.json.paths["/reports/motto"].get.operationId).toBe("getReportsMotto");
      expect(docs.json.paths["/reports"].get.responses["200"].content["application/json"].schema.items.required).toEqual(["id", "name", "score"]);
    } finally {
      await stopServer(server);
    }
    if (db === "postgresql") {
      const rows = await pgQuery<{ code: string; status: string }>(database, "SELECT code, status::text FROM orders ORDER BY code");
      expect(rows).toEqual([{ code: "A-2", status: "pending" }]);
    }
  }, 10 * 60_000);
});

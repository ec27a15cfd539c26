import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useScratchDirs } from "../support/scratch.js";
import { expectRefused, runCli, snapshotTree, sqlitePackageJson } from "../cli/project.js";

/**
 * add-route and add-subroute on a bare project skeleton (package.json and src/routes/index.ts with
 * its markers): what they write and what they refuse. That the written code type-checks and serves
 * its mock data in a real generated project is checked in generated-project.test.ts.
 */

const routesIndex = `import type { FastifyInstance } from "fastify";
// backant:route-imports

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  // backant:routes
}
`;

const scratch = useScratchDirs("h3-routes");
const skeleton = (files: Record<string, string> = {}) => scratch({ "package.json": sqlitePackageJson, "src/routes/index.ts": routesIndex, ...files });
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");

describe("backant add-route", () => {
  it("writes the route, its service and test, and wires it in above the markers", async () => {
    const dir = skeleton();
    const run = await runCli(["add-route", "team_members", "--mock", '[{"id": 1, "name": "Alice"}]'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split("\n").slice(0, 4)).toEqual([
      "created src/routes/team-members.route.ts",
      "created src/services/team-members.service.ts",
      "created test/team-members.test.ts",
      "updated src/routes/index.ts",
    ]);
    expect(read(dir, "src/routes/index.ts")).toBe(`import type { FastifyInstance } from "fastify";
import { teamMembersRoute } from "./team-members.route.js";
// backant:route-imports

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(teamMembersRoute, { prefix: "/team-members" });
  // backant:routes
}
`);
    const route = read(dir, "src/routes/team-members.route.ts");
    expect(route).toContain('import { teamMembersService } from "../services/team-members.service.js";');
    expect(route).toContain("export const teamMembersRoute: FastifyPluginAsync = async (app) => {");
    expect(route).toContain('properties: { id: { type: "integer" }, name: { type: "string" } }');
    expect(route).toMatch(/\n {2}\/\/ backant:subroutes\n\};\n$/);
    const service = read(dir, "src/services/team-members.service.ts");
    expect(service).toContain('return [{ id: 1, name: "Alice" }];');
    expect(service).toContain("  // backant:service-methods\n");
    expect(read(dir, "test/team-members.test.ts")).toContain('expect(response.json()).toEqual([{ id: 1, name: "Alice" }]);');
  });

  it("--dry-run and --report list every write and write nothing", async () => {
    const dir = skeleton();
    const before = snapshotTree(dir);
    const run = await runCli(["add-route", "reports", "--dry-run"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/create\s+src\/routes\/reports\.route\.ts/);
    expect(run.stdout).toMatch(/overwrite\s+src\/routes\/index\.ts/);
    const report = JSON.parse((await runCli(["add-route", "reports", "--dry-run", "--report"], dir)).stdout);
    expect(report).toMatchObject({ ok: true, command: "add-route", route: "reports", dryRun: true, endpoint: { method: "GET", path: "/reports" } });
    expect(report.writes.map((write: { action: string }) => write.action)).toEqual(["create", "create", "create", "overwrite"]);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("backant add-subroute", () => {
  it("adds the endpoint above // backant:subroutes, the method above // backant:service-methods, and a test", async () => {
    const dir = skeleton();
    expect((await runCli(["add-route", "reports"], dir)).exitCode).toBe(0);
    const run = await runCli(["add-subroute", "reports", "monthlySummary", "--method", "post", "--mock", '{"queued": true}'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("created test/reports.monthly-summary.post.test.ts");
    const route = read(dir, "src/routes/reports.route.ts");
    expect(route).toMatch(/ {2}app\.post\(\n {4}"\/monthly-summary",[\s\S]*201: \{[\s\S]*reply\.code\(201\);\n {6}return reportsService\.createMonthlySummary\(request\.body\);\n {4}\},\n {2}\);\n\n {2}\/\/ backant:subroutes/);
    const service = read(dir, "src/services/reports.service.ts");
    expect(service).toMatch(/ {2}async createMonthlySummary\(_data: unknown\) \{\n {4}return \{ queued: true \};\n {2}\}\n\n {2}\/\/ backant:service-methods/);
    // The same name with another method is another endpoint.
    expect((await runCli(["add-subroute", "reports", "monthly-summary"], dir)).exitCode).toBe(0);
    expect(read(dir, "src/services/reports.service.ts")).toContain("async getMonthlySummary() {");
  });
});

describe("add-route and add-subroute: bad input (exit 2, message, tree byte-identical)", () => {
  const withReports = async () => {
    const dir = skeleton();
    for (const args of [["add-route", "reports"], ["add-subroute", "reports", "summary"]]) {
      const run = await runCli(args, dir);
      expect(run.exitCode, run.stderr).toBe(0);
    }
    return dir;
  };
  const cases: Array<{ name: string; args: string[]; message: RegExp; edit?: (dir: string) => Record<string, string> }> = [
    { name: "a path as route name", args: ["add-route", "../evil"], message: /a route name is not a path/ },
    { name: "a nested path", args: ["add-route", "admin/users"], message: /a route name is not a path/ },
    { name: "a backslash path", args: ["add-route", "admin\\users"], message: /a route name is not a path/ },
    { name: "an empty name", args: ["add-route", ""], message: /The route name is empty/ },
    { name: "a name with spaces", args: ["add-route", "team members"], message: /use letters and digits/ },
    { name: "a name starting with a digit", args: ["add-route", "2fa"], message: /use letters and digits/ },
    { name: "a JavaScript reserved word", args: ["add-route", "class"], message: /"class" is a reserved word in JavaScript/ },
    { name: "a name the project uses", args: ["add-route", "health"], message: /already uses "health" \(\/health\)/ },
    { name: "an existing route", args: ["add-route", "reports"], message: /Route reports already exists/ },
    { name: "invalid JSON mock", args: ["add-route", "stats", "--mock", "{id: 1}"], message: /--mock is neither valid JSON/ },
    { name: "a mock file that is not JSON", args: ["add-route", "stats", "--mock", "package.json.bak"], message: /not valid JSON/, edit: () => ({ "package.json.bak": "{ nope" }) },
    { name: "an unknown route", args: ["add-subroute", "report", "x"], message: /Route report does not exist .*Did you mean "reports"\?/ },
    { name: "a duplicate subroute", args: ["add-subroute", "reports", "summary"], message: /Subroute GET \/reports\/summary already exists in src\/routes\/reports\.route\.ts/ },
    { name: "a path as subroute name", args: ["add-subroute", "reports", "a/b"], message: /a subroute name is not a path/ },
    { name: "a reserved subroute name", args: ["add-subroute", "reports", "delete", "--method", "DELETE"], message: /reserved word/ },
    { name: "an unknown method", args: ["add-subroute", "reports", "x", "--method", "HEAD"], message: /Unknown HTTP method "HEAD"/ },
    { name: "invalid JSON mock for a subroute", args: ["add-subroute", "reports", "x", "--mock", "[1,"], message: /--mock is neither valid JSON/ },
    {
      name: "a missing routes marker",
      args: ["add-route", "stats"],
      message: /"\/\/ backant:routes" is missing from src\/routes\/index\.ts[\s\S]*Put the line `\/\/ backant:routes` back/,
      edit: (dir) => ({ "src/routes/index.ts": read(dir, "src/routes/index.ts").replace("  // backant:routes\n", "") }),
    },
    {
      name: "a missing import marker",
      args: ["add-route", "stats"],
      message: /"\/\/ backant:route-imports" is missing from src\/routes\/index\.ts/,
      edit: (dir) => ({ "src/routes/index.ts": read(dir, "src/routes/index.ts").replace("// backant:route-imports\n", "") }),
    },
    {
      name: "a missing subroutes marker",
      args: ["add-subroute", "reports", "x"],
      message: /"\/\/ backant:subroutes" is missing from src\/routes\/reports\.route\.ts/,
      edit: (dir) => ({ "src/routes/reports.route.ts": read(dir, "src/routes/reports.route.ts").replace("// backant:subroutes", "") }),
    },
    {
      name: "a missing service-methods marker",
      args: ["add-subroute", "reports", "x"],
      message: /"\/\/ backant:service-methods" is missing from src\/services\/reports\.service\.ts/,
      edit: (dir) => ({ "src/services/reports.service.ts": read(dir, "src/services/reports.service.ts").replace("// backant:service-methods", "") }),
    },
  ];

  it.each(cases)("refuses $name", async ({ args, message, edit }) => {
    const dir = await withReports();
    if (edit) {
      const { writeFiles } = await import("../support/scratch.js");
      writeFiles(dir, edit(dir));
    }
    await expectRefused(args, dir, message);
  });

  it("refuses outside a generated project", async () => {
    const dir = scratch({ "package.json": sqlitePackageJson });
    await expectRefused(["add-route", "reports"], dir, /src\/routes\/index\.ts does not exist/);
    await expectRefused(["add-subroute", "users", "x"], dir, /src\/routes\/index\.ts does not exist/);
    expect(existsSync(path.join(dir, "src"))).toBe(false);
  });
});

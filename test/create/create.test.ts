import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { useScratchDirs } from "../support/scratch.js";
import { snapshotTree } from "../cli/project.js";
import { runCreate, stagingLeftovers } from "./run.js";

const scratch = useScratchDirs("h2-create");

/** Every file under a folder, relative, forward slashes, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((entry) => statSync(path.join(dir, entry)).isFile())
    .map((entry) => entry.split(path.sep).join("/"))
    .sort();
}

const SPEC = {
  name: "shop-api",
  db: "postgresql",
  models: {
    Customers: { fields: "email:string(120):unique name:string" },
    Orders: { fields: { total: "decimal(10,2)", customer: "belongsTo(Customers)" } },
  },
  routes: { reports: { methods: ["GET"], mock: { total: 3 }, subroutes: { daily: { method: "GET", mock: [] } } } },
};

describe("create-backant --dry-run", () => {
  it("prints the plan and writes nothing", async () => {
    const parent = scratch({ "keep.txt": "kept\n" });
    const before = snapshotTree(parent);
    const run = await runCreate(["shop-api", "--yes", "--dry-run"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: nothing written\. shop-api\/ would hold \d+ files \(sqlite\):$/m);
    for (const file of ["package.json", "src/app.ts", "src/models/Users.model.ts", "src/routes/users.route.ts", "prisma/schema.prisma", "vendor/backant-0.1.0.tgz"]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${file.replace(/[.]/g, "\\.")}$`, "m"));
    }
    expect(snapshotTree(parent)).toEqual(before);
  });

  it("with --spec, checks the spec and lists its models and routes; --report gives one JSON object", async () => {
    const parent = scratch({ "shop.json": JSON.stringify(SPEC) });
    const before = snapshotTree(parent);
    const run = await runCreate(["--spec", "shop.json", "--dry-run", "--report"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      ok: true,
      command: "new",
      name: "shop-api",
      path: path.join(parent, "shop-api"),
      db: "postgresql",
      dryRun: true,
      installed: false,
      models: ["Customers", "Orders"],
      routes: ["reports"],
      dependency: { backant: "file:vendor/backant-0.1.0.tgz", source: "local" },
    });
    expect(report.files).toEqual(expect.arrayContaining(["src/routes/reports.route.ts", "src/services/reports.service.ts", "test/reports.daily.get.test.ts", "src/routes/orders.route.ts"]));
    expect(report.next).toEqual(expect.arrayContaining(["cd shop-api", "npm run dev"]));
    expect(snapshotTree(parent)).toEqual(before);
  });
});

describe("create-backant --no-install --yes", () => {
  it("creates the full planned tree, the vendored backant tarball, and no staging folder", async () => {
    const parent = scratch({});
    const planned = JSON.parse((await runCreate(["shop-api", "--yes", "--no-install", "--dry-run", "--report"], parent)).stdout).files as string[];
    const run = await runCreate(["shop-api", "--yes", "--no-install", "--report"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, name: "shop-api", db: "sqlite", dryRun: false, installed: false, models: ["Users"] });
    expect(report.next).toEqual(["cd shop-api", "npm install", "npm run dev", expect.stringMatching(/^npx backant add-model /), 'npx backant migrate "init"']);

    const dir = path.join(parent, "shop-api");
    expect(filesUnder(dir)).toEqual(planned);
    expect(report.files).toEqual(planned);
    expect(readdirSync(parent)).toEqual(["shop-api"]);
    expect(stagingLeftovers(parent)).toEqual([]);

    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "shop-api", type: "module", backant: { provider: "sqlite" }, dependencies: { backant: "file:vendor/backant-0.1.0.tgz" } });
    // The vendored file is a real npm tarball of this package.
    const listing = await execa("tar", ["tzf", path.join(dir, "vendor/backant-0.1.0.tgz")]);
    expect(listing.stdout.split("\n")).toEqual(expect.arrayContaining(["package/package.json", "package/dist/cli/main.js", "package/bin/backant.js", "package/templates/model/model.ts.hbs"]));
  });

  it("creates a spec's models and routes, wired into src/routes/index.ts", async () => {
    const parent = scratch({});
    const run = await runCreate(["--spec", JSON.stringify(SPEC), "--yes", "--no-install"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Created shop-api\/ \(\d+ files, postgresql\)\.$/m);
    expect(run.stdout).toMatch(/docker compose up -d db/);
    const dir = path.join(parent, "shop-api");
    const index = readFileSync(path.join(dir, "src/routes/index.ts"), "utf8");
    expect(index).toMatch(/import \{ reportsRoute \} from "\.\/reports\.route\.js";\n(.*\n)*\/\/ backant:route-imports/);
    expect(index).toMatch(/await app\.register\(reportsRoute, \{ prefix: "\/reports" \}\);\n\s*\/\/ backant:routes/);
    const routeFile = readFileSync(path.join(dir, "src/routes/reports.route.ts"), "utf8");
    expect(routeFile).toMatch(/app\.get\(\s*"\/daily"/);
    expect(readFileSync(path.join(dir, "src/services/reports.service.ts"), "utf8")).toMatch(/async getReports\(\) \{\s*return \{ total: 3 \};/);
    expect(readFileSync(path.join(dir, "src/models/Orders.model.ts"), "utf8")).toMatch(/customer: t\.belongsTo\("Customers"\)/);
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toMatch(/provider = "postgresql"/);
  });

  it("takes an existing empty folder without --force, and adds to a non-empty one with --force, keeping its files", async () => {
    const parent = scratch({ "notes/README.txt": "mine\n" });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.join(parent, "empty"));
    const intoEmpty = await runCreate(["empty", "--yes", "--no-install"], parent);
    expect(intoEmpty.exitCode, intoEmpty.stderr).toBe(0);
    expect(existsSync(path.join(parent, "empty/package.json"))).toBe(true);

    const forced = await runCreate(["notes", "--yes", "--no-install", "--force"], parent);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(readFileSync(path.join(parent, "notes/README.txt"), "utf8")).toBe("mine\n");
    expect(existsSync(path.join(parent, "notes/src/app.ts"))).toBe(true);
    expect(stagingLeftovers(parent)).toEqual([]);
  });

  it("`backant new` is the same command", async () => {
    const parent = scratch({});
    const { runCli } = await import("../cli/project.js");
    const run = await runCli(["new", "api-one", "--yes", "--no-install", "--report"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, command: "new", name: "api-one" });
    expect(existsSync(path.join(parent, "api-one/src/server.ts"))).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { useScratchDirs } from "../support/scratch.js";
import { expectCreateRefused, runCreate } from "./run.js";

const scratch = useScratchDirs("h2-refuse");

describe("create-backant refuses bad input with exit 2 and writes nothing", () => {
  // Every rule is checked in project-name.test.ts; through the CLI, one name per kind of refusal.
  const badNames: Array<[string, RegExp]> = [
    ["../escape", /not a path/],
    ["apis\\shop", /not a path/],
    ["..", /folder reference/],
    ["Shop-Api", /lowercase.*Try "shop-api"/s],
    ["fs", /Node\.js core module/],
    ["backant", /npm cannot install a package into one of the same name/],
  ];
  for (const [name, message] of badNames) {
    it(`refuses the name ${JSON.stringify(name.length > 20 ? name.slice(0, 12) + "..." : name)}`, async () => {
      const parent = scratch({ "keep.txt": "untouched\n" });
      await expectCreateRefused([name, "--yes", "--no-install"], parent, message);
    });
  }

  it("refuses an existing non-empty folder, and names --force", async () => {
    const parent = scratch({ "taken/notes.txt": "mine\n" });
    await expectCreateRefused(["taken", "--yes", "--no-install"], parent, /taken already exists and is not empty.*--force/s);
  });

  it("refuses a file where the folder would go", async () => {
    const parent = scratch({ taken: "a file\n" });
    await expectCreateRefused(["taken", "--yes", "--no-install"], parent, /exists and is not a folder/);
  });

  it("refuses to run without a name when it cannot ask", async () => {
    const parent = scratch({});
    await expectCreateRefused(["--yes", "--no-install"], parent, /Name the project/);
    // No TTY and no --yes: still no prompt, the same refusal.
    await expectCreateRefused(["--no-install"], parent, /Name the project/);
  });

  it("refuses an unknown database", async () => {
    const parent = scratch({});
    await expectCreateRefused(["shop-api", "--db", "oracle", "--yes"], parent, /Invalid values:[\s\S]*oracle/);
  });

  it("refuses a missing spec file and a spec that is not JSON", async () => {
    const parent = scratch({ "broken.json": '{"models": {"Orders": }' });
    await expectCreateRefused(["shop-api", "--yes", "--spec", "nope.json"], parent, /--spec nope\.json: no such file/);
    await expectCreateRefused(["shop-api", "--yes", "--spec", "broken.json"], parent, /broken\.json\) is not valid JSON/);
    await expectCreateRefused(["shop-api", "--yes", "--spec", "{not json"], parent, /given inline\) is not valid JSON/);
  });

  it("lists every problem of a spec with its JSON path", async () => {
    const parent = scratch({});
    const spec = {
      name: "Bad Name",
      db: "oracle",
      color: "blue",
      models: {
        orders: { fields: "total:decimal(10,2)" },
        Items: { fields: { total: "decimal(10", owner: "belongsTo(Nobody)", id: "string", price: "money" } },
        Tags: { fields: "label:string label:text" },
        Notes: { fields: 42 },
      },
      routes: {
        reports: { methods: ["GET", "FETCH"], subroutes: { "bad/sub": { method: "GET" } } },
        items: {},
        health: {},
      },
    };
    const run = await expectCreateRefused(["shop-api", "--yes", "--spec", JSON.stringify(spec)], parent, /has 14 problems/);
    const expected = [
      /^ {2}db: expected one of postgresql, sqlite, mysql, not "oracle"$/m,
      /^ {2}\(top level\): unknown key "color"$/m,
      /^ {2}name: Invalid project name "Bad Name"/m,
      /^ {2}models\.orders: Invalid model name "orders".*Did you mean "Orders"/m,
      /^ {2}models\.Items\.fields\.total: Malformed field spec "total:decimal\(10"/m,
      /^ {2}models\.Items\.fields\.owner: field "owner" relates to model Nobody/m,
      /^ {2}models\.Items\.fields\.id: field "id" is added to every model/m,
      /^ {2}models\.Items\.fields\.price: Unknown type "money"/m,
      /^ {2}models\.Tags\.fields: field "label" is given twice$/m,
      /^ {2}models\.Notes\.fields: expected a field-spec string/m,
      /^ {2}routes\.reports\.methods\[1\]: expected one of GET, POST, PUT, PATCH, DELETE, not "FETCH"$/m,
      /^ {2}routes\.reports\.subroutes\["bad\/sub"\]: Invalid subroute name "bad\/sub"/m,
      /^ {2}routes\.items: \/items is already the CRUD route of model Items/m,
      /^ {2}routes\.health: Invalid route name "health": the generated project already uses "health"/m,
    ];
    for (const line of expected) expect(run.stderr).toMatch(line);

    const report = await runCreate(["shop-api", "--yes", "--spec", JSON.stringify(spec), "--report"], parent);
    const problems = JSON.parse(report.stdout).error.details.problems as Array<{ path: string; message: string }>;
    expect(problems.map((problem) => problem.path).sort()).toEqual(
      [
        "db",
        "",
        "name",
        "models.orders",
        "models.Items.fields.total",
        "models.Items.fields.owner",
        "models.Items.fields.id",
        "models.Items.fields.price",
        "models.Tags.fields",
        "models.Notes.fields",
        "routes.reports.methods[1]",
        'routes.reports.subroutes["bad/sub"]',
        "routes.items",
        "routes.health",
      ].sort(),
    );
  });

  it("reports the whole-model-set checks (here an ambiguous pair of relations) at the model's path", async () => {
    const parent = scratch({});
    const spec = { models: { Authors: { fields: "post:belongsTo(Posts)" }, Posts: { fields: "author:belongsTo(Authors)" } } };
    await expectCreateRefused(["shop-api", "--yes", "--spec", JSON.stringify(spec)], parent, /has 1 problem;[\s\S]*models\.(Authors|Posts)\.fields\.\w+: .*ambiguous/);
  });

  it("checks the models for the database finally chosen (--db wins over the spec's)", async () => {
    const parent = scratch({});
    const spec = JSON.stringify({ db: "sqlite", models: { Notes: { fields: "body:text:unique" } } });
    const run = await runCreate(["notes-api", "--yes", "--dry-run", "--spec", spec], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    await expectCreateRefused(["notes-api", "--yes", "--dry-run", "--db", "mysql", "--spec", spec], parent, /has 1 problem;[\s\S]*models\.Notes\.fields\.body: /);
  });

  it("refuses a spec even with --dry-run (dry run validates)", async () => {
    const parent = scratch({});
    await expectCreateRefused(["shop-api", "--dry-run", "--spec", '{"models": {"Orders": {"fields": "total:decimal(10"}}}'], parent, /models\.Orders\.fields: Malformed field spec/);
  });
});

describe("create-backant --force", () => {
  it("lists every file it would overwrite and refuses, writing nothing", async () => {
    const parent = scratch({ "shop-api/package.json": "{}\n", "shop-api/src/app.ts": "// mine\n", "shop-api/notes.txt": "kept\n" });
    const run = await expectCreateRefused(["shop-api", "--yes", "--no-install", "--force"], parent, /already has 2 files the project would write/);
    expect(run.stderr).toMatch(/^ {2}package\.json$/m);
    expect(run.stderr).toMatch(/^ {2}src\/app\.ts$/m);
    expect(run.stderr).not.toMatch(/notes\.txt/);
  });

  it("counts node_modules as a clash when it would install", async () => {
    const parent = scratch({ "shop-api/node_modules/x/index.js": "\n" });
    await expectCreateRefused(["shop-api", "--yes", "--force"], parent, /already has a file the project would write[\s\S]*node_modules/);
  });
});

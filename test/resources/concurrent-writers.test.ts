// Several `backant add-model` at once in one project (issue 9: 4 rounds of 8 lost a model from
// prisma/schema.prisma or a route from src/routes/index.ts): the project lock makes them take
// turns, so every one of them ends in the schema, the wiring and its own files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "../../src/scaffold/project-files.js";
import { runCli } from "../cli/project.js";
import { copyProject } from "../support/generated-project.js";
import { removeDir } from "../support/scratch.js";

describe("concurrent writers in one project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyProject("sqlite", { prefix: "bk-concurrent", models: [...DEFAULT_MODELS] });
  }, 30 * 60_000);
  afterAll(() => {
    if (dir) removeDir(dir);
  });

  it("three add-model at once, twice: every model, route and schema entry is kept", async () => {
    for (const round of ["A", "B"]) {
      const names = ["Alpha", "Beta", "Gamma"].map((name) => `${name}${round}s`);
      const runs = await Promise.all(names.map((name) => runCli(["add-model", name, "--fields", "label:string"], dir)));
      for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
      const schema = readFileSync(path.join(dir, "prisma", "schema.prisma"), "utf8");
      const routes = readFileSync(path.join(dir, "src", "routes", "index.ts"), "utf8");
      for (const name of names) {
        expect(schema).toMatch(new RegExp(`^model ${name} \\{`, "m"));
        expect(readFileSync(path.join(dir, "src", "models", `${name}.model.ts`), "utf8")).toMatch(`model("${name}"`);
        expect(routes.split(`${name.charAt(0).toLowerCase()}${name.slice(1)}Route`).length - 1).toBe(2);
      }
    }
  }, 300_000);
});

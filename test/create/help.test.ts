import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { runCreate } from "./run.js";

describe("create-backant --help", () => {
  it("shows its own usage line, not backant's `new` subcommand", async () => {
    const run = await runCreate(["--help"], repoRoot);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("create-backant [name]");
    expect(run.stdout).not.toMatch(/create-backant new\b/);
    expect(run.stdout).toMatch(/--no-install|--install/);
  });
});

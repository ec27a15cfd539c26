import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { useScratchDirs } from "../support/scratch.js";
import { runCreate } from "./run.js";

const scratch = useScratchDirs("h14-help");

describe("create-backant --help and --version", () => {
  it("shows its own usage line, not backant's `new` subcommand", async () => {
    const run = await runCreate(["--help"], repoRoot);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("create-backant [name]");
    expect(run.stdout).not.toMatch(/create-backant new\b/);
    expect(run.stdout).toMatch(/--no-install|--install/);
  });

  it("says that --cwd is where the project folder is created, not a project to act on", async () => {
    const run = await runCreate(["--help"], repoRoot);
    const cwdLine = run.stdout.split("\n").find((line) => /^\s+--cwd\b/.test(line));
    expect(cwdLine).toMatch(/Folder to create the project folder in/);
    expect(run.stdout).not.toMatch(/Project folder to act on/);
  });

  it("prints the version with --version and creates nothing", async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const parent = scratch({});
    const run = await runCreate(["--version"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    // execa strips the final newline.
    expect(run.stdout).toBe(version);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("answers an unknown option in two lines, without the help", async () => {
    const parent = scratch({});
    const run = await runCreate(["shop-api", "--frobnicate"], parent);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("error Unknown argument: frobnicate\nRun `create-backant --help` to see its options.");
    expect(readdirSync(parent)).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { main, type MainIo } from "../../src/cli/main.js";
import { commands } from "../../src/cli/commands/index.js";
import { systemErrorOf } from "../../src/cli/system-errors.js";

const ANSI = /\u001b\[/;

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, stderrIsTTY = false) {
  let stdout = "";
  let stderr = "";
  const io: MainIo = {
    cwd: process.cwd(),
    env,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrIsTTY,
  };
  const exitCode = await main(argv, io);
  return { exitCode, stdout, stderr };
}

describe("the entry point", () => {
  it("lists every command in --help and exits 0", async () => {
    const result = await run(["--help"]);
    expect(result.exitCode).toBe(0);
    for (const command of commands) expect(result.stdout).toContain(command.command.split(" ")[0]);
  });

  it("gives every command a --help with examples", async () => {
    for (const command of commands) {
      const name = command.command.split(" ")[0] ?? "";
      const result = await run([name, "--help"]);
      expect(result.exitCode, name).toBe(0);
      expect(result.stdout, name).toContain("Examples:");
      expect(command.examples.length, name).toBeGreaterThan(0);
    }
  });

  it("refuses an unknown command with exit 2 and what to do, without the whole help", async () => {
    const result = await run(["frobnicate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('error Unknown command "frobnicate".\nRun `backant --help` to see the commands.\n');
    expect(result.stdout).toBe("");
  });

  it("answers a mistyped command with the command meant, in two lines, exit 2", async () => {
    for (const [typo, meant] of [["migrat", "migrate"], ["sycn", "sync"], ["rest", "reset"], ["add-modle", "add-model"]] as const) {
      const result = await run([typo]);
      expect(result.exitCode, typo).toBe(2);
      expect(result.stderr, typo).toBe(`error Unknown command "${typo}". Did you mean ${meant}?\nRun \`backant --help\` to see the commands.\n`);
      expect(result.stdout, typo).toBe("");
    }
    const report = JSON.parse((await run(["sycn", "--report"])).stdout) as { error: { code: string; details: { suggestion: string } } };
    expect(report.error).toMatchObject({ code: "USAGE", details: { suggestion: "sync" } });
  });

  it("points an unknown option of a command at that command's help, without printing it", async () => {
    const result = await run(["sync", "--frobnicate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("error Unknown argument: frobnicate\nRun `backant sync --help` to see its options.\n");
  });

  it("refuses a missing command with exit 2, after the whole help", async () => {
    const result = await run([]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^backant <command> \[options\]\n/);
    for (const command of commands) expect(result.stderr).toContain(`backant ${command.command.split(" ")[0]}`);
    expect(result.stderr).toMatch(/\n\nerror Name a command\.\n/);
  });

  it("prints its version with --version, exit 0", async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const result = await run(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.stderr).toBe("");
  });

  it("answers a usage error under --report with one JSON object and nothing on stderr", async () => {
    const result = await run(["frobnicate", "--report"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; exitCode: number } };
    expect(report.ok).toBe(false);
    expect(report.error).toMatchObject({ code: "USAGE", exitCode: 2 });
  });

  it("prints no color into a pipe, even when CI is set", async () => {
    const result = await run(["frobnicate"], { CI: "true" });
    expect(result.stderr).not.toMatch(ANSI);
  });

  it("prints color on a terminal and with FORCE_COLOR, never with NO_COLOR", async () => {
    expect((await run(["frobnicate"], {}, true)).stderr).toMatch(ANSI);
    expect((await run(["frobnicate"], { FORCE_COLOR: "1" })).stderr).toMatch(ANSI);
    expect((await run(["frobnicate"], { NO_COLOR: "1", FORCE_COLOR: "1" }, true)).stderr).not.toMatch(ANSI);
  });

  it("shows a stack trace for a known error only under DEBUG", async () => {
    const missing = ["schema", "--cwd", "/nonexistent/backant-folder"];
    const plain = await run(missing);
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    const debug = await run(missing, { DEBUG: "1" });
    expect(debug.exitCode).toBe(2);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it("turns an operating-system error into one line naming the path: exit 2 for a name too long, 1 for the machine", async () => {
    const { openSync } = await import("node:fs");
    const os = await import("node:os");
    let error: unknown;
    try {
      openSync(`${os.tmpdir()}/${"A".repeat(300)}.model.ts`, "w");
    } catch (caught) {
      error = caught;
    }
    const typed = systemErrorOf(error);
    expect(typed?.exitCode).toBe(2);
    expect(typed?.message).toMatch(/^Cannot write a file \(.{100}\.\.\..{50} \(\d+ characters\)\): a file name is too long \[ENAMETOOLONG\]\.$/);
    expect(systemErrorOf(new Error("plain"))).toBeUndefined();
  });
});

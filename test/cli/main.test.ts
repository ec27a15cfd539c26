import { describe, expect, it } from "vitest";
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

  it("refuses an unknown command with exit 2, the help, and what to do", async () => {
    const result = await run(["frobnicate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Unknown argument: frobnicate");
    expect(result.stderr).toContain("backant --help");
    expect(result.stdout).toBe("");
  });

  it("refuses a missing command with exit 2", async () => {
    const result = await run([]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Name a command.");
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

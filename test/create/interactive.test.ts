import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { snapshotTree } from "../cli/project.js";
import { useScratchDirs } from "../support/scratch.js";
import { createBin } from "./run.js";

const scratch = useScratchDirs("h2-tty");

/**
 * Runs create-backant in a pseudo-terminal (util-linux `script`) and answers each prompt when its
 * text appears. Returns the exit code and the terminal's text without escape sequences.
 */
async function inTerminal(cwd: string, args: string[], answers: Array<[prompt: string, keys: string]>, env: NodeJS.ProcessEnv = {}): Promise<{ exitCode: number; text: string }> {
  const command = `stty cols 100 rows 40; exec node ${createBin} ${args.join(" ")}`;
  const child = execa("script", ["-qfec", command, "/dev/null"], { cwd, env: { TERM: "xterm", NO_COLOR: "1", ...env }, stdin: "pipe", reject: false });
  let text = "";
  const pending = [...answers];
  child.stdout?.on("data", (chunk: Buffer) => {
    text += stripVTControlCharacters(chunk.toString());
    while (pending.length > 0 && text.includes((pending[0] as [string, string])[0])) {
      const [, keys] = pending.shift() as [string, string];
      // Give the prompt a moment to start reading keys after drawing itself.
      setTimeout(() => child.stdin?.write(keys), 300);
    }
  });
  const result = await child;
  child.stdin?.end();
  return { exitCode: result.exitCode ?? -1, text };
}

describe("create-backant in a terminal", () => {
  it("asks for the name, the database, its URL (checked) and whether to install, creates the project, and closes the frame", async () => {
    const parent = scratch({});
    const run = await inTerminal(parent, [], [
      ["Project name", "tty-api\r"],
      ["Database", "\x1b[B\r"], // down once: PostgreSQL
      // Prefilled with the local server's URL (the real one on 127.0.0.1:5432; its database need not exist).
      ["PostgreSQL connection URL", "\r"],
      ["Install dependencies now", "n"],
    ]);
    expect(run.exitCode, run.text).toBe(0);
    expect(run.text).toMatch(/Created tty-api\/ \(\d+ files, postgresql\)/);
    const pkg = JSON.parse(readFileSync(path.join(parent, "tty-api/package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "tty-api", backant: { provider: "postgresql" } });
    expect(readFileSync(path.join(parent, "tty-api/.env"), "utf8")).toContain('DATABASE_URL="postgresql://postgres:postgres@127.0.0.1:5432/tty_api"');
    expect(existsSync(path.join(parent, "tty-api/node_modules"))).toBe(false);
    // The frame opened by the first question ends with clack's outro, before the summary.
    expect(run.text).toMatch(/┌ {2}create-backant/);
    expect(run.text).toMatch(/│\s*\n└ {2}tty-api\/ is ready\.\s*\n[\s\S]*Created tty-api\//);
  });

  it("closes the frame as failed when the given URL does not connect, exit 2, nothing written", async () => {
    const parent = scratch({ "keep.txt": "kept\n" });
    const before = snapshotTree(parent);
    const run = await inTerminal(parent, ["--db", "postgresql", "--database-url", "postgresql://postgres@127.0.0.1:1/x"], [["Project name", "url-api\r"]]);
    expect(run.exitCode, run.text).toBe(2);
    expect(run.text).toMatch(/└ {2}The project was not created\.\s*\n+error Could not connect to postgresql:\/\/postgres@127\.0\.0\.1:1\/x/);
    expect(snapshotTree(parent)).toEqual(before);
  });

  it("asks only for what the flags leave open", async () => {
    const parent = scratch({});
    const run = await inTerminal(parent, ["flags-api", "--db", "sqlite"], [["Install dependencies now", "n"]]);
    expect(run.exitCode, run.text).toBe(0);
    expect(run.text).not.toMatch(/Project name|Database/);
    expect(existsSync(path.join(parent, "flags-api/src/app.ts"))).toBe(true);
  });

  it("Ctrl-C at a prompt cancels with nothing written", async () => {
    const parent = scratch({ "keep.txt": "kept\n" });
    const before = snapshotTree(parent);
    const run = await inTerminal(parent, [], [["Project name", "\x03"]]);
    // As Ctrl-C anywhere: exit 130, said once.
    expect(run.exitCode, run.text).toBe(130);
    expect(run.text.match(/Cancelled at the prompt; nothing was written/g), run.text).toHaveLength(1);
    expect(run.text).toMatch(/└ {2}Cancelled\./);
    expect(snapshotTree(parent)).toEqual(before);
  });

  it("Ctrl-C during npm install stops it, leaves nothing, and exits 130", async () => {
    const parent = scratch({ "keep.txt": "kept\n" });
    const before = snapshotTree(parent);
    // A registry that accepts connections and never answers: the install waits until stopped.
    const registry = createServer(() => {});
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
      const run = await inTerminal(parent, ["tty-api", "--db", "sqlite", "--install"], [["Installing dependencies", "\x03"]], { npm_config_registry: url, npm_config_fetch_retries: "0" });
      expect(run.exitCode, run.text).toBe(130);
      expect(run.text.match(/Interrupted \(SIGINT\); the project was not created and nothing was left behind/g), run.text).toHaveLength(1);
      expect(snapshotTree(parent)).toEqual(before);
    } finally {
      registry.closeAllConnections();
      await new Promise((resolve) => registry.close(resolve));
    }
  });
});

import { readdirSync, readlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { useScratchDirs } from "../support/scratch.js";
import { snapshotTree } from "../cli/project.js";
import { createBin, runCreate, stagingLeftovers } from "./run.js";

const scratch = useScratchDirs("h2-install");

/** Processes whose working folder is inside `dir` (an npm install left running would be one). */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === dir || cwd.startsWith(dir + path.sep)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A registry that accepts every request and never answers: npm install hangs until stopped. */
async function silentRegistry(): Promise<string> {
  const server = createServer(() => {
    // never respond
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Starts create-backant against a registry that never answers; resolves once npm runs in the staging folder. */
async function createInstalling(parent: string) {
  const registry = await silentRegistry();
  const child = execa(process.execPath, [createBin, "shop-api", "--yes"], {
    cwd: parent,
    env: { NO_COLOR: "1", npm_config_registry: registry, npm_config_fetch_retries: "0", npm_config_prefer_online: "true" },
    stdin: "ignore",
    reject: false,
  });
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("Installing dependencies (npm install)...")) resolve();
    });
    child.once("exit", () => reject(new Error(`create-backant exited before the install started:\n${stderr}`)));
  });
  const staging = stagingLeftovers(parent);
  expect(staging).toHaveLength(1);
  await expect.poll(() => processesIn(path.join(parent, staging[0] as string)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  return { child, staging: staging[0] as string };
}

describe("create-backant leaves nothing behind when the install fails", () => {
  it("an unreachable registry: exit 1, npm's error shown, the parent folder as before", async () => {
    const parent = scratch({ "keep.txt": "kept\n" });
    const before = snapshotTree(parent);
    const run = await runCreate(["shop-api", "--yes"], parent, {
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_fetch_retries: "0",
      npm_config_prefer_online: "true",
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(/Installing dependencies \(npm install\) failed \(npm install --no-audit --no-fund --loglevel=info: exit \d+\); the project was not created and nothing was left behind\./);
    expect(run.stderr).toMatch(/ECONNREFUSED|127\.0\.0\.1:9/);
    expect(run.stderr).toMatch(/--no-install/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(parent)).toEqual(before);

    // --verbose streams npm's output as it comes, indented under the step.
    const verbose = await runCreate(["shop-api", "--yes", "--verbose"], parent, { npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0", npm_config_prefer_online: "true" });
    expect(verbose.exitCode).toBe(1);
    expect(verbose.stderr).toMatch(/Installing dependencies \(npm install\)\.\.\.\n {2}npm error/);
    expect(snapshotTree(parent)).toEqual(before);

    const report = await runCreate(["shop-api", "--yes", "--report"], parent, { npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0", npm_config_prefer_online: "true" });
    expect(report.exitCode).toBe(1);
    expect(JSON.parse(report.stdout)).toMatchObject({ ok: false, command: "new", error: { code: "INSTALL_FAILED", exitCode: 1 } });
    expect(snapshotTree(parent)).toEqual(before);
  });

  it("SIGKILL during npm install: npm dies with create-backant, and the staging folder goes", async () => {
    const parent = scratch({ "keep.txt": "kept\n" });
    const before = snapshotTree(parent);
    const { child, staging } = await createInstalling(parent);
    child.kill("SIGKILL");
    await child;
    // Nothing of create-backant can run now: its watchdog stops npm's process group and removes the folder.
    await expect.poll(() => processesIn(parent), { timeout: 30_000 }).toEqual([]);
    await expect.poll(() => stagingLeftovers(parent), { timeout: 30_000 }).toEqual([]);
    expect(snapshotTree(parent)).toEqual(before);
    expect(staging).toMatch(/^\.shop-api\.backant-staging-\d+-[0-9a-f]{8}$/);
  });

  it("the next run removes a staging folder whose process is gone, and leaves a live one's alone", async () => {
    const gone = execa(process.execPath, ["-e", ""]);
    const deadPid = gone.pid as number;
    await gone;
    const parent = scratch({ [`.other.backant-staging-${deadPid}-0123abcd/package.json`]: "{}", [`.other.backant-staging-${process.pid}-0123abcd/package.json`]: "{}" });
    const run = await runCreate(["other", "--yes", "--no-install"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(stagingLeftovers(parent)).toEqual([`.other.backant-staging-${process.pid}-0123abcd`]);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} during npm install stops npm and removes the staging folder`, async () => {
      const parent = scratch({ "keep.txt": "kept\n" });
      const before = snapshotTree(parent);
      const { child } = await createInstalling(parent);
      child.kill(signal);
      const result = await child;
      // 128 + the signal's number, as a shell reports a process the signal ended.
      expect(result.exitCode, String(result.stderr)).toBe(signal === "SIGINT" ? 130 : 143);
      expect(String(result.stderr).match(/Interrupted/g)).toHaveLength(1);
      expect(String(result.stderr)).toMatch(new RegExp(`Interrupted \\(${signal}\\); the project was not created and nothing was left behind\\.`));
      expect(snapshotTree(parent)).toEqual(before);
      expect(processesIn(parent)).toEqual([]);
    });
  }
});

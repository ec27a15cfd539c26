import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { cleanEnv } from "../support/processes.js";
import { writeFiles } from "../support/scratch.js";
import { backantBin, useSyncProjects } from "./project.js";

/** A server that reports its pid, and ignores SIGTERM as a badly behaved one might (only SIGKILL ends it). */
const STUBBORN_SERVER = `import { createServer } from "node:http";
process.on("SIGTERM", () => console.log("ignoring SIGTERM"));
createServer((_req, res) => res.end("ok")).listen(0, "127.0.0.1", () => console.log(\`listening pid=\${process.pid}\`));
`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("backant dev's server dies with backant", () => {
  const projects = useSyncProjects();

  it("when backant is killed with SIGKILL (it runs in its own process group, so nothing else would stop it)", async ({ onTestFailed }) => {
    const p = projects.create("sqlite", { Users: "  id: t.id(),\n  email: t.string(),", });
    writeFiles(p.dir, { "src/server.ts": STUBBORN_SERVER });
    const dev = execa(process.execPath, [backantBin, "dev"], { cwd: p.dir, env: cleanEnv(), extendEnv: false, reject: false, all: true });
    let output = "";
    dev.all?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    onTestFailed(() => console.log(`backant dev output:\n${output}`));
    let serverPid: number | undefined;
    try {
      await expect.poll(() => /listening pid=(\d+)/.exec(output)?.[1] ?? (dev.exitCode === null ? undefined : "exited"), { timeout: 120_000, interval: 100 }).toMatch(/^\d+$/);
      serverPid = Number(/listening pid=(\d+)/.exec(output)?.[1]);
      expect(alive(serverPid)).toBe(true);
      dev.kill("SIGKILL");
      // The watchdog sends SIGTERM, waits its grace period, then SIGKILL. (Not `await dev` first:
      // the server holds backant's output pipe, so that would wait for the server too.)
      await expect.poll(() => alive(serverPid as number), { timeout: 30_000, interval: 200 }).toBe(false);
      expect(output).toMatch(/ignoring SIGTERM/);
    } finally {
      if (dev.exitCode === null) dev.kill("SIGKILL");
      if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, "SIGKILL");
      await dev;
    }
  }, 300_000);
});

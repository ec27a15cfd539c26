import { appendFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { cleanEnv } from "../support/processes.js";
import { writeFiles } from "../support/scratch.js";
import { backantBin, useSyncProjects } from "./project.js";

/** A tiny server in place of the generated one: reports its pid and the Users fields of the generated client it loaded. */
const SERVER = `import { createServer } from "node:http";
import { Prisma } from "./generated/prisma/client.js";

const fields = Object.keys(Prisma.UsersScalarFieldEnum);
const server = createServer((_req, res) => res.end(JSON.stringify({ pid: process.pid, fields })));
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(\`listening pid=\${process.pid} port=\${typeof address === "object" && address ? address.port : 0} fields=\${fields.join(",")}\`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close(() => process.exit(0)));
`;

const USERS = `  id: t.id(),\n  email: t.string().unique(),\n  name: t.string(),`;

interface Listening {
  pid: number;
  port: number;
  fields: string;
}

describe("backant dev (sqlite)", () => {
  const projects = useSyncProjects();

  it("syncs and serves, re-syncs and restarts on a model change, keeps the server on a refused sync, stops on SIGINT", async ({ onTestFailed }) => {
    const p = projects.create("sqlite", { Users: USERS });
    writeFiles(p.dir, { "src/server.ts": SERVER });
    const dev = execa(process.execPath, [backantBin, "dev"], { cwd: p.dir, env: cleanEnv({ PORT: "0", DEBUG: "backant" }), extendEnv: false, reject: false, all: true });
    let output = "";
    dev.all?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    onTestFailed(() => console.log(`backant dev output:\n${output}`));
    const seen = new Set<string>();

    /** Waits for the next "listening" line not seen before (a new server process). */
    const nextServer = async (): Promise<Listening> => {
      for (;;) {
        for (const match of output.matchAll(/listening pid=(\d+) port=(\d+) fields=(\S*)/g)) {
          if (seen.has(match[0])) continue;
          seen.add(match[0]);
          return { pid: Number(match[1]), port: Number(match[2]), fields: match[3] ?? "" };
        }
        if (dev.exitCode !== null) throw new Error(`backant dev exited early:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const step = (label: string) => (output += `\n[test ${new Date().toISOString()}] ${label}\n`);
    const waitFor = async (pattern: RegExp) => {
      while (!pattern.test(output)) {
        if (dev.exitCode !== null) throw new Error(`backant dev exited early:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const get = async (server: Listening) => (await fetch(`http://127.0.0.1:${server.port}/`)).json() as Promise<{ pid: number; fields: string[] }>;

    try {
      const first = await nextServer();
      expect(first.fields).toBe("id,email,name");
      expect(await p.columns("users")).toEqual(["id", "email", "name"]);
      expect((await get(first)).pid).toBe(first.pid);
      await p.exec(`INSERT INTO users (email, name) VALUES ('ann@example.com', 'Ann')`);

      // a model change: synced first (the new column is in the database), then a new server with the new client
      p.writeModel("Users", `${USERS}\n  nickname: t.string().optional(),`);
      const second = await nextServer();
      expect(second.pid).not.toBe(first.pid);
      expect(second.fields).toBe("id,email,name,nickname");
      expect(await p.columns("users")).toEqual(["id", "email", "name", "nickname"]);
      expect(await p.query(`SELECT email FROM users`)).toEqual([{ email: "ann@example.com" }]);
      await p.exec(`UPDATE users SET nickname = 'annie'`);

      // a data-losing change: refused, printed, and the running server is left alone
      p.writeModel("Users", USERS);
      await waitFor(/Sync refused: .*users\.nickname/);
      step("refusal seen");
      expect(output).toMatch(/backant reset/);
      expect(await get(second)).toEqual({ pid: second.pid, fields: ["id", "email", "name", "nickname"] });
      step("server still answers");
      expect(await p.columns("users")).toEqual(["id", "email", "name", "nickname"]);
      step("columns checked");

      // a change outside the models: restart only
      p.writeModel("Users", `${USERS}\n  nickname: t.string().optional(),`);
      appendFileSync(path.join(p.dir, "src/server.ts"), "\n// touched\n");
      step("files written");
      const third = await nextServer();
      expect(third.pid).not.toBe(second.pid);
      expect(third.fields).toBe("id,email,name,nickname");

      dev.kill("SIGINT");
      const result = await dev;
      expect(result.exitCode, output).toBe(130);
      expect(output).toMatch(/Stopped \(SIGINT\): \d+ server starts, \d+ re-syncs?\./);
      await expect(fetch(`http://127.0.0.1:${third.port}/`)).rejects.toThrow();
      expect(() => process.kill(third.pid, 0)).toThrow();
    } finally {
      if (dev.exitCode === null) dev.kill("SIGKILL");
    }
  }, 600_000);

  it("CLEAR_DB=true resets at start-up; refused (exit 2) when NODE_ENV=production", async () => {
    const p = projects.create("sqlite", { Users: USERS });
    writeFiles(p.dir, { "src/server.ts": SERVER });
    expect((await p.run(["sync"])).exitCode).toBe(0);
    await p.exec(`INSERT INTO users (email, name) VALUES ('keep@example.com', 'Keep')`);

    const refused = await execa(process.execPath, [backantBin, "dev", "--report"], { cwd: p.dir, env: cleanEnv({ CLEAR_DB: "true", NODE_ENV: "production" }), extendEnv: false, reject: false });
    expect(refused.exitCode).toBe(2);
    expect(JSON.parse(String(refused.stdout)).error.code).toBe("PRODUCTION_REFUSED");
    expect(await p.query(`SELECT email FROM users`)).toEqual([{ email: "keep@example.com" }]);

    writeFiles(p.dir, { ".env": "CLEAR_DB=true\n" });
    const dev = execa(process.execPath, [backantBin, "dev"], { cwd: p.dir, env: cleanEnv({ PORT: "0" }), extendEnv: false, reject: false, all: true });
    let output = "";
    dev.all?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      while (!/listening pid=/.test(output) && dev.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(output).toMatch(/listening pid=/);
      expect(await p.query(`SELECT email FROM users`)).toEqual([{ email: "seed@example.com" }]);
      dev.kill("SIGINT");
      expect((await dev).exitCode).toBe(130);
    } finally {
      if (dev.exitCode === null) dev.kill("SIGKILL");
    }
  }, 600_000);
});

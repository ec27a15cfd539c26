#!/usr/bin/env node
// The README's first command: scaffold a project on the default embedded SQLite, install it, run its
// own tests, start it with `npm run dev` and talk to it over HTTP. Everything it makes lives in
// .tmp/demo (git-ignored) and is replaced on the next run.
import { rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import pc from "picocolors";

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const parent = path.join(repo, ".tmp/demo");
const project = path.join(parent, "my-api");
const port = Number(process.env.PORT ?? 3456);
const step = (text) => console.log(`\n${pc.bold(pc.cyan(`▸ ${text}`))}`);

rmSync(parent, { recursive: true, force: true });
mkdirSync(parent, { recursive: true });

step("npx create-backant my-api --yes   (SQLite, installs dependencies)");
await execa(process.execPath, [path.join(repo, "bin/create-backant.js"), "my-api", "--yes"], { cwd: parent, stdio: "inherit" });

step("npm test   (the project's own tests, against its own SQLite test database)");
await execa("npm", ["test"], { cwd: project, stdio: "inherit" });

step(`npm run dev   (syncs dev.db from src/models, serves on port ${port})`);
const server = execa("npm", ["run", "dev"], { cwd: project, env: { PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"], reject: false, detached: true });
let output = "";
server.stdout.on("data", (chunk) => (output += chunk));
server.stderr.on("data", (chunk) => (output += chunk));
const base = `http://127.0.0.1:${port}`;
try {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
    if (Date.now() - started > 120_000 || server.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const call = async (method, url, body) => {
    const response = await fetch(`${base}${url}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    console.log(`${pc.bold(`${method} ${url}`)}${body ? ` ${JSON.stringify(body)}` : ""}\n  -> ${response.status} ${text}`);
    return response;
  };
  step("HTTP");
  await call("GET", "/health");
  await call("POST", "/users", { email: "ada@example.com", name: "Ada Lovelace" });
  await call("POST", "/users", { email: "ada@example.com", name: "Ada again" });
  await call("POST", "/users", { email: "grace@example.com", nmae: "typo" });
  await call("GET", "/users?page=1&pageSize=20&sort=name");
  await call("GET", "/users/1");
  await call("GET", "/users/999");
  console.log(`\nOpenAPI docs are served at ${base}/docs. The project is in ${path.relative(process.cwd(), project) || "."}.`);
} finally {
  // npm runs backant dev in its own process group: stop the whole group, as Ctrl-C would.
  try {
    process.kill(-server.pid, "SIGINT");
  } catch {}
  await server;
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { expect } from "vitest";
import { cleanEnv } from "../support/processes.js";

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Runs a command in the project; a failure shows its output in the assertion message. */
export async function inProject(dir: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await execa(command, args, { cwd: dir, env: cleanEnv(env), reject: false, all: true, timeout: 10 * 60_000 });
  expect(result.exitCode, `${command} ${args.join(" ")} failed:\n${result.all}`).toBe(0);
  return result;
}

export interface RunningServer {
  url: string;
  process: ResultPromise;
  output: () => string;
}

/** Starts the project's server and waits until /health answers (or the process dies). */
export async function startServer(dir: string, command: string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const port = await freePort();
  const child = execa(command[0]!, command.slice(1), { cwd: dir, env: cleanEnv({ ...env, PORT: String(port), HOST: "127.0.0.1" }), reject: false, all: true, buffer: true });
  let output = "";
  child.all?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 600) throw new Error(`the server did not answer /health:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, process: child, output: () => output };
}

export async function call(url: string, method: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/**
 * CRUD over real HTTP against the default project's /users: create, get, list with page, filter and
 * sort, update (PATCH and PUT), delete, and every error the API promises.
 */
export async function exerciseUsers(base: string): Promise<void> {
  const users = `${base}/users`;
  const ada = await call(users, "POST", { email: "ada@example.com", name: "Ada" });
  expect(ada.status, JSON.stringify(ada.json)).toBe(201);
  expect(ada.json).toMatchObject({ email: "ada@example.com", name: "Ada" });
  expect(typeof ada.json.id).toBe("number");
  expect(Number.isNaN(Date.parse(ada.json.createdAt))).toBe(false);
  const grace = await call(users, "POST", { email: "grace@example.com", name: "Grace" });
  expect(grace.status).toBe(201);
  for (let i = 0; i < 3; i++) expect((await call(users, "POST", { email: `u${i}@example.com`, name: `User ${i}` })).status).toBe(201);

  expect(await call(`${users}/${ada.json.id}`, "GET")).toEqual({ status: 200, json: ada.json });

  const page = await call(`${users}?page=2&pageSize=2&total=true`, "GET");
  expect(page.status).toBe(200);
  expect(page.json).toMatchObject({ page: 2, pageSize: 2, hasMore: true, total: 5 });
  expect(page.json.data).toHaveLength(2);
  const last = await call(`${users}?page=3&pageSize=2`, "GET");
  expect(last.json).toMatchObject({ hasMore: false });
  expect(last.json.data).toHaveLength(1);
  expect(last.json.total).toBeUndefined();

  const sorted = await call(`${users}?sort=email&order=desc`, "GET");
  expect(sorted.json.data.map((u: { email: string }) => u.email)).toEqual(["u2@example.com", "u1@example.com", "u0@example.com", "grace@example.com", "ada@example.com"]);
  const filtered = await call(`${users}?name=Grace`, "GET");
  expect(filtered.json.data).toEqual([grace.json]);

  const patched = await call(`${users}/${ada.json.id}`, "PATCH", { name: "Ada Lovelace" });
  expect(patched.status).toBe(200);
  expect(patched.json).toMatchObject({ id: ada.json.id, email: "ada@example.com", name: "Ada Lovelace" });
  const put = await call(`${users}/${ada.json.id}`, "PUT", { email: "ada@lovelace.org", name: "Ada" });
  expect(put.status).toBe(200);
  expect(put.json).toMatchObject({ email: "ada@lovelace.org", name: "Ada" });

  // 400: a missing field and a mistyped one, each named; an unknown field; a bad page size; a bad id
  const bad = await call(users, "POST", { name: 42 });
  expect(bad.status).toBe(400);
  expect(bad.json).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
  expect(bad.json.fields.map((f: { field: string }) => f.field).sort()).toEqual(["email", "name"]);
  const unknown = await call(users, "POST", { email: "x@example.com", name: "X", role: "admin" });
  expect(unknown.status).toBe(400);
  expect(unknown.json.fields).toEqual([{ field: "role", message: "is not a known field" }]);
  expect((await call(`${users}?pageSize=1000`, "GET")).status).toBe(400);
  expect((await call(`${users}/abc`, "GET")).status).toBe(400);
  expect((await call(`${users}/${ada.json.id}`, "PATCH", {})).status).toBe(400);

  // 409 on a taken unique value, through create and update
  const duplicate = await call(users, "POST", { email: "grace@example.com", name: "Other" });
  expect(duplicate.status).toBe(409);
  expect(duplicate.json).toMatchObject({ statusCode: 409, code: "UNIQUE_CONFLICT", fields: [{ field: "email", message: "must be unique" }] });
  expect((await call(`${users}/${ada.json.id}`, "PATCH", { email: "grace@example.com" })).status).toBe(409);

  // delete, then 404 everywhere
  const deleted = await fetch(`${users}/${ada.json.id}`, { method: "DELETE" });
  expect(deleted.status).toBe(204);
  expect(await deleted.text()).toBe("");
  for (const [method, body] of [["GET"], ["PATCH", { name: "Z" }], ["DELETE"]] as const) {
    const gone = await call(`${users}/${ada.json.id}`, method, body);
    expect(gone.status, `${method} after delete`).toBe(404);
    expect(gone.json).toMatchObject({ statusCode: 404, code: "NOT_FOUND" });
  }
  expect((await call(users, "GET")).json.data).toHaveLength(4);

  // the rest of the app: liveness, readiness, and no docs in production (API_DOCS unset)
  expect(await call(`${base}/health`, "GET")).toEqual({ status: 200, json: { status: "ok" } });
  expect(await call(`${base}/ready`, "GET")).toEqual({ status: 200, json: { status: "ok" } });
  for (const url of ["/docs", "/docs/json"]) expect((await fetch(`${base}${url}`)).status, url).toBe(404);
  expect((await call(`${base}/nowhere`, "GET")).json).toMatchObject({ statusCode: 404, code: "ROUTE_NOT_FOUND" });
}

/**
 * The default project's OpenAPI document (openapi.json from `npm run build`, or /docs/json): every
 * route, no trailing slash, an operationId and a summary for each operation, the request schemas.
 */
export function checkOpenApiDocument(document: any): void {
  expect(document.openapi).toMatch(/^3\./);
  expect(Object.keys(document.paths).sort()).toEqual(["/health", "/ready", "/users", "/users/{id}"]);
  const operations = Object.entries(document.paths).flatMap(([url, item]) => Object.entries(item as object).map(([method, op]) => `${method.toUpperCase()} ${url} ${op.operationId}`));
  expect(operations.sort()).toEqual(
    [
      "DELETE /users/{id} deleteUsers",
      "GET /health getHealth",
      "GET /ready getReady",
      "GET /users listUsers",
      "GET /users/{id} getUsers",
      "PATCH /users/{id} updateUsers",
      "POST /users createUsers",
      "PUT /users/{id} replaceUsers",
    ].sort(),
  );
  expect(document.paths["/users"].post.requestBody.content["application/json"].schema.required).toEqual(["email", "name"]);
  expect(document.servers).toEqual([{ url: "/", description: expect.any(String) }]);
  expect(document.tags.map((tag: { name: string }) => tag.name)).toEqual(["health", "users"]);
}

/**
 * Runs the Dockerfile's HEALTHCHECK command (its exec form) as Docker would inside the container,
 * against a server on this machine: exit 0 healthy, 1 unhealthy.
 */
export async function runDockerHealthcheck(dir: string, port: number): Promise<number> {
  const line = readFileSync(path.join(dir, "Dockerfile"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("HEALTHCHECK "));
  const command = JSON.parse(line!.slice(line!.indexOf("CMD ") + 4)) as string[];
  expect(command[0]).toBe("node");
  const result = await execa(process.execPath, command.slice(1), { cwd: dir, env: cleanEnv({ PORT: String(port) }), reject: false, timeout: 10_000 });
  return result.exitCode ?? -1;
}

/** Sends SIGTERM and expects a clean exit (graceful shutdown). */
export async function stopServer(server: RunningServer): Promise<void> {
  server.process.kill("SIGTERM");
  const result = await server.process;
  expect(result.exitCode, server.output()).toBe(0);
  expect(server.output()).toContain("shutting down");
}

/** The YAML parser the project's node_modules already hold (@fastify/swagger depends on it). */
function yamlParser(dir: string): (text: string) => any {
  return (createRequire(path.join(dir, "package.json"))("yaml") as { parse: (text: string) => any }).parse;
}

/**
 * The files that cannot run here (no Docker engine, no GitHub runner): parsed and checked for the
 * structure they promise.
 */
export function checkDeploymentFiles(dir: string, db: "sqlite" | "postgresql" | "mysql"): void {
  const parse = yamlParser(dir);
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");

  const dockerfile = read("Dockerfile");
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)].map((m) => m[2]);
  expect(stages).toEqual(["build", "runtime"]);
  const runtimeStage = dockerfile.slice(dockerfile.indexOf("AS runtime"));
  expect(runtimeStage).toMatch(/^USER node$/m);
  expect(runtimeStage).toMatch(/COPY --from=build/);
  expect(runtimeStage).toMatch(/^CMD .*migrate deploy.*node dist\/server\.js/m);
  expect(dockerfile).toMatch(/RUN npm ci/);
  expect(dockerfile).toMatch(/RUN npm run build/);
  const instructions = dockerfile.split("\n").filter((line) => line && !line.startsWith("#") && !line.startsWith(" ")).map((line) => line.split(" ")[0]);
  expect(instructions.every((word) => ["FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "EXPOSE", "HEALTHCHECK", "CMD"].includes(word!)), instructions.join(" ")).toBe(true);

  for (const file of ["docker-compose.yml", "docker-compose-prod.yml"]) {
    const compose = parse(read(file));
    expect(compose.services.api.build, file).toBe(".");
    expect(compose.services.api.environment.DATABASE_URL, file).toBeTruthy();
    if (db === "postgresql") {
      expect(compose.services.db.image, file).toBe("postgres:16");
      expect(compose.services.api.depends_on.db.condition, file).toBe("service_healthy");
      expect(compose.services.api.environment.DATABASE_URL, file).toMatch(/@db:5432\//);
    }
    if (db === "sqlite") expect(compose.services.db, file).toBeUndefined();
    for (const volume of Object.keys(compose.volumes ?? {})) expect(JSON.stringify(compose.services), file).toContain(volume);
  }
  expect(parse(read("docker-compose-prod.yml")).services.api.restart).toBe("unless-stopped");

  const ci = parse(read(".github/workflows/ci.yml"));
  const steps = ci.jobs.test.steps.map((s: { run?: string; uses?: string }) => s.run ?? s.uses);
  expect(steps).toEqual(expect.arrayContaining(["npm ci", "npm run typecheck", "npm test"]));
  expect(ci.jobs.image.steps.map((s: { run?: string }) => s.run ?? "").join("\n")).toMatch(/docker build/);
  if (db === "postgresql") expect(ci.jobs.test.services.postgres.image).toBe("postgres:16");

  const gitignore = read(".gitignore").split("\n");
  expect(gitignore).toEqual(expect.arrayContaining([".env", "node_modules/", "dist/", "src/generated/", "*.db"]));
  const env = read(".env");
  for (const name of ["DATABASE_URL", "CLEAR_DB=false", "PORT", "NODE_ENV"]) {
    expect(env).toContain(name);
    expect(read(".env.example")).toContain(name);
  }
}

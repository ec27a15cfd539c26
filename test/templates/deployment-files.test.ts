import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { planProjectFiles } from "../../src/scaffold/project-files.js";
import { repoRoot } from "../support/paths.js";

// Rendering only: the files that cannot run here (no Docker engine, no GitHub runner) checked for
// agreeing with each other and with the project they deploy.

const render = (db: "sqlite" | "postgresql" | "mysql") => planProjectFiles({ name: "my-api", db, backantDependency: "^0.1.0" });

async function filesOf(db: "sqlite" | "postgresql" | "mysql"): Promise<(file: string) => string> {
  const files = await render(db);
  return (file) => {
    const found = files.find((f) => f.path === file);
    if (!found) throw new Error(`${file} not planned`);
    return found.content;
  };
}

/** A compose value as compose resolves it, up to the variables' values: "${DB_PASSWORD:?why}" and "${DB_PASSWORD}" both read DB_PASSWORD. */
const resolved = (value: string): string => value.replace(/\$\{([A-Z_][A-Z0-9_]*)[^}]*\}/g, "<$1>");

const backantEngines = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;

describe.each(["sqlite", "postgresql", "mysql"] as const)("deployment files (%s)", (db) => {
  it("run the Node release line backant supports: package.json engines, the Dockerfile's images, CI", async () => {
    const file = await filesOf(db);
    const major = /^>=(\d+)\./.exec(backantEngines)?.[1];
    expect(major).toBeDefined();
    expect(JSON.parse(file("package.json")).engines).toEqual({ node: backantEngines });
    const images = [...file("Dockerfile").matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images).toEqual([`node:${major}-bookworm-slim`, `node:${major}-bookworm-slim`]);
    const ci = parseYaml(file(".github/workflows/ci.yml"));
    const setupNode = ci.jobs.test.steps.find((step: { uses?: string }) => step.uses?.startsWith("actions/setup-node"));
    expect(String(setupNode.with["node-version"])).toBe(major);
  });

  it("check health by readiness in the image", async () => {
    const healthcheck = (await filesOf(db))("Dockerfile")
      .split("\n")
      .filter((line) => line.startsWith("HEALTHCHECK"));
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0]).toContain("/ready'");
    expect(healthcheck[0]).not.toContain("/health");
  });

  it("leave the docs off in the production compose file unless API_DOCS is set", async () => {
    const api = parseYaml((await filesOf(db))("docker-compose-prod.yml")).services.api.environment;
    expect(api.NODE_ENV).toBe("production");
    expect(api.API_DOCS).toBe("${API_DOCS:-false}");
  });

  it("document every variable of the typed environment in .env.example", async () => {
    const file = await filesOf(db);
    const schema = file("src/startup/environment.ts");
    const declared = [...schema.slice(schema.indexOf(".object({"), schema.indexOf("})\n  .transform")).matchAll(/^ {4}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
    expect(declared).toEqual(expect.arrayContaining(["DATABASE_URL", "NODE_ENV", "API_DOCS"]));
    const example = file(".env.example");
    for (const name of declared) expect(example, name).toMatch(new RegExp(`^(# )?${name}=`, "m"));
  });

  it("write openapi.json at build and the client on demand, with dev-only tools", async () => {
    const pkg = JSON.parse((await filesOf(db))("package.json"));
    expect(pkg.scripts.build).toBe("tsc -p tsconfig.build.json && node dist/write-openapi.js");
    expect(pkg.scripts.client).toBe("tsx src/write-openapi.ts && openapi-typescript openapi.json --output client/schema.d.ts");
    for (const name of ["@redocly/cli", "openapi-typescript", "openapi-fetch"]) {
      expect(pkg.devDependencies[name], name).toMatch(/^\^\d/);
      expect(pkg.dependencies[name], name).toBeUndefined();
    }
  });
});

describe.each([
  { db: "postgresql" as const, user: "POSTGRES_USER", password: "POSTGRES_PASSWORD", database: "POSTGRES_DB" },
  { db: "mysql" as const, user: null, password: "MYSQL_ROOT_PASSWORD", database: "MYSQL_DATABASE" },
])("the compose files and .env ($db)", ({ db, user, password, database }) => {
  it("name the same database, user and password: .env reaches the compose file's database", async () => {
    const file = await filesOf(db);
    const local = new URL(parseEnv(file(".env")).DATABASE_URL!);
    expect(parseEnv(file(".env.example")).DATABASE_URL).toBe(local.href);
    const dbService = parseYaml(file("docker-compose.yml")).services.db.environment;
    expect(local.password).toBeTruthy();
    expect(decodeURIComponent(local.password)).toBe(dbService[password]);
    expect(decodeURIComponent(local.username)).toBe(user ? dbService[user] : "root");
    expect(local.pathname).toBe(`/${dbService[database]}`);
    // CI's own database service, and the URL the workflow's tests use
    const ci = parseYaml(file(".github/workflows/ci.yml")).jobs.test;
    const ciService = Object.values(ci.services as Record<string, { env: Record<string, string> }>)[0]!.env;
    expect(decodeURIComponent(new URL(ci.env.DATABASE_URL).password)).toBe(ciService[password]);
  });

  it("give the api the database's password, beside the URL where the driver reads it (PostgreSQL)", async () => {
    const file = await filesOf(db);
    for (const compose of ["docker-compose.yml", "docker-compose-prod.yml"]) {
      const services = parseYaml(file(compose)).services;
      const api = services.api.environment;
      const url = new URL(api.DATABASE_URL);
      expect(url.hostname, compose).toBe("db");
      expect(url.pathname, compose).toBe(`/${services.db.environment[database]}`);
      if (db === "postgresql") {
        expect(url.password, compose).toBe("");
        expect(resolved(api.PGPASSWORD), compose).toBe(resolved(services.db.environment[password]));
      } else {
        // The mariadb driver reads no password variable: the URL carries it (the same value or variable).
        expect(resolved(decodeURIComponent(url.password)), compose).toBe(resolved(services.db.environment[password]));
      }
    }
    const prod = parseYaml(file("docker-compose-prod.yml")).services;
    expect(prod.db.environment[password]).toBe("${DB_PASSWORD:?set DB_PASSWORD}");
  });
});

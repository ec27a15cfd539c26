import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { createPrismaClient } from "../src/startup/database.js";
import { loadEnvironment } from "../src/startup/environment.js";
import { createTestApp } from "./helpers.js";

let app: FastifyInstance;
let prisma: PrismaClient;

beforeAll(async () => {
  ({ app, prisma } = await createTestApp());
});

afterAll(async () => {
  await app.close();
  await prisma.$disconnect();
});

describe("the app", () => {
  it("answers /health", async () => {
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("sends helmet's security headers on every response, errors included", async () => {
    for (const url of ["/health", "/no-such-route"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(response.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      expect(response.headers["x-powered-by"]).toBeUndefined();
    }
  });

  it("answers /ready while the database answers", async () => {
    const response = await app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("serves the OpenAPI document with every route, paths without a trailing slash", async () => {
    const response = await app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(expect.arrayContaining(["/health", "/ready"]));
    expect(paths).toContain("/categories");
    expect(paths).toContain("/customers");
    expect(paths).toContain("/order-lines");
    expect(paths).toContain("/orders");
    expect(paths).toContain("/products");
    expect(paths.filter((path) => path.endsWith("/"))).toEqual([]);
  });

  it("titles the docs page with this API's name, not Fastify's logo", async () => {
    const page = await app.inject({ method: "GET", url: "/docs" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<title>shop-api API</title>");
    expect(page.body).toContain("/docs/static/theme/favicon.svg");
    expect(page.body).not.toContain("favicon-32x32.png");
    expect((await app.inject({ method: "GET", url: "/docs/static/theme/favicon.svg" })).statusCode).toBe(200);
    const script = await app.inject({ method: "GET", url: "/docs/static/swagger-initializer.js" });
    const logo = Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(script.body)?.[1] ?? "", "base64").toString();
    expect(logo).toContain(">shop-api</text>");
  });

  it("answers an unknown route with the JSON error format", async () => {
    const response = await app.inject({ method: "GET", url: "/no-such-route" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, code: "ROUTE_NOT_FOUND" });
  });

  it("serves no docs in production unless API_DOCS=true", async () => {
    for (const [variables, served] of [
      [{ NODE_ENV: "production" }, false],
      [{ NODE_ENV: "production", API_DOCS: "true" }, true],
      [{ NODE_ENV: "development", API_DOCS: "false" }, false],
    ] as const) {
      const env = loadEnvironment({ ...process.env, LOG_LEVEL: "silent", ...variables });
      const other = await buildApp({ env, prisma });
      try {
        for (const url of ["/docs", "/docs/json"]) {
          const response = await other.inject({ method: "GET", url });
          expect(response.statusCode, `${url} with ${JSON.stringify(variables)}`).toBe(served ? 200 : 404);
        }
        // The document itself is still built (npm run build writes it).
        expect(Object.keys(other.swagger().paths ?? {})).toContain("/ready");
      } finally {
        await other.close();
      }
    }
  });

  it("names a bad environment variable", () => {
    expect(() => loadEnvironment({ DATABASE_URL: "file:./x.db", PORT: "eighty" })).toThrow(/PORT/);
  });
});

describe("/ready without a database", () => {
  it("answers 503 when the database file cannot be opened", async () => {
    const env = loadEnvironment({ ...process.env, DATABASE_URL: "file:./no-such-folder/app.db" });
    const unreachable = createPrismaClient(env.DATABASE_URL);
    const other = await buildApp({ env, prisma: unreachable });
    try {
      const response = await other.inject({ method: "GET", url: "/ready" });
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json()).toEqual({ statusCode: 503, code: "DATABASE_UNAVAILABLE", message: "The database does not answer" });
      expect((await other.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    } finally {
      await other.close();
      await unreachable.$disconnect();
    }
  });
});

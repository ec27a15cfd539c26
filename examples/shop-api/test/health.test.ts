import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.js";
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

  it("serves the OpenAPI document with every route", async () => {
    const response = await app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toContain("/health");
    expect(paths).toContain("/categories/");
    expect(paths).toContain("/customers/");
    expect(paths).toContain("/order-lines/");
    expect(paths).toContain("/orders/");
    expect(paths).toContain("/products/");
  });

  it("answers an unknown route with the JSON error format", async () => {
    const response = await app.inject({ method: "GET", url: "/no-such-route" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, code: "ROUTE_NOT_FOUND" });
  });

  it("names a bad environment variable", () => {
    expect(() => loadEnvironment({ DATABASE_URL: "file:./x.db", PORT: "eighty" })).toThrow(/PORT/);
  });
});

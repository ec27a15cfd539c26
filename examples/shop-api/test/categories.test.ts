import { faker } from "@faker-js/faker";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { buildCategories } from "./factories/Categories.factory.js";
import { clearDatabase, createTestApp } from "./helpers.js";

let app: FastifyInstance;
let prisma: PrismaClient;

beforeAll(async () => {
  ({ app, prisma } = await createTestApp());
});

afterAll(async () => {
  await app.close();
  await prisma.$disconnect();
});

beforeEach(async () => {
  // The factories' random values are the same on every run: a failure replays.
  faker.seed(1);
  await clearDatabase(prisma);
});

async function create(body: Record<string, unknown>) {
  return app.inject({ method: "POST", url: "/categories", payload: body });
}

/** The foreign keys a new row needs, each pointing at a fresh parent row made by its model's factory. */
async function parents() {
  return {};
}

/** A body with every field a new row needs, with values the assertions below name; `changes` replaces some. */
async function sampleA(changes: Record<string, unknown> = {}) {
  return {
    name: "name-1",
    ...(await parents()),
    ...changes,
  };
}

async function sampleB(changes: Record<string, unknown> = {}) {
  return {
    name: "name-2",
    ...(await parents()),
    ...changes,
  };
}

async function sampleC() {
  return {
    name: "name-3",
    ...(await parents()),
  };
}

describe("/categories", () => {
  it("creates rows from the factory's bodies (test/factories/Categories.factory.ts)", async () => {
    for (let i = 0; i < 3; i++) {
      const created = await create({ ...buildCategories(), ...(await parents()) });
      expect(created.statusCode, created.body).toBe(201);
    }
    expect(await prisma.categories.count()).toBe(3);
  });

  it("creates a row and lists it", async () => {
    const created = await create(await sampleA());
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json();
    expect(row.id).toBeDefined();

    const list = await app.inject({ method: "GET", url: "/categories?page=1&pageSize=10" });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ page: 1, pageSize: 10, hasMore: false });
    expect(list.json().data).toEqual([row]);
  });

  it("pages, sorts and filters the list", async () => {
    await create(await sampleA());
    await create(await sampleB());

    const first = await app.inject({ method: "GET", url: "/categories?pageSize=1&total=true" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ page: 1, pageSize: 1, hasMore: true, total: 2 });
    expect(first.json().data).toHaveLength(1);

    const descending = await app.inject({ method: "GET", url: "/categories?sort=id&order=desc" });
    expect(descending.statusCode, descending.body).toBe(200);
    const ids = descending.json().data.map((row: { id: unknown }) => row.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toEqual(ids[1]);

    const filtered = await app.inject({ method: "GET", url: "/categories?name=name-1" });
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().data.map((row: Record<string, unknown>) => row.name)).toEqual(["name-1"]);

    const containing = await app.inject({ method: "GET", url: "/categories?name[contains]=1" });
    expect(containing.statusCode, containing.body).toBe(200);
    expect(containing.json().data.map((row: Record<string, unknown>) => row.name)).toEqual(["name-1"]);

    // ?after= continues from a page's `next` cursor, unmoved by a row inserted in between
    // (with ?page=2 the new row would push the second row back onto the second page).
    const newest = await app.inject({ method: "GET", url: "/categories?sort=id&order=desc&pageSize=1" });
    expect(newest.json().data.map((row: { id: unknown }) => row.id)).toEqual([ids[0]]);
    const next = newest.json().next;
    expect(next).toEqual(expect.any(String));
    expect((await create(await sampleC())).statusCode).toBe(201);
    const after = await app.inject({ method: "GET", url: `/categories?sort=id&order=desc&pageSize=1&after=${next}` });
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json()).toMatchObject({ hasMore: false, next: null });
    expect(after.json().data.map((row: { id: unknown }) => row.id)).toEqual([ids[1]]);
    const badCursor = await app.inject({ method: "GET", url: "/categories?after=not-a-cursor" });
    expect(badCursor.statusCode, badCursor.body).toBe(400);
    expect(badCursor.json()).toMatchObject({ statusCode: 400, code: "BAD_CURSOR" });
  });

  it("reads, updates and deletes a row by id", async () => {
    const row = (await create(await sampleA())).json();
    const id = row.id;

    const read = await app.inject({ method: "GET", url: `/categories/${id}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual(row);

    const updated = await app.inject({ method: "PATCH", url: `/categories/${id}`, payload: { name: "name-3" } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().name).toEqual("name-3");

    const deleted = await app.inject({ method: "DELETE", url: `/categories/${id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const gone = await app.inject({ method: "GET", url: `/categories/${id}` });
    expect(gone.statusCode).toBe(404);
    expect(await prisma.categories.count()).toBe(0);
  });

  it("answers 409 when a unique value is taken", async () => {
    expect((await create(await sampleA())).statusCode).toBe(201);
    const duplicate = await create(await sampleB({ name: "name-1" }));
    expect(duplicate.statusCode, duplicate.body).toBe(409);
    expect(duplicate.json()).toMatchObject({ statusCode: 409, code: "UNIQUE_CONFLICT", fields: [{ field: "name", message: "must be unique" }] });
  });

  it("answers 400 naming an unknown field", async () => {
    const response = await create({ ...(await sampleA()), notAField: 1 });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
    expect(response.json().fields).toContainEqual({ field: "notAField", message: "is not a known field" });
    expect(await prisma.categories.count()).toBe(0);
  });

  it("answers 400 naming a field of the wrong type", async () => {
    const response = await create({ name: { nested: true } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields.map((f: { field: string }) => f.field)).toContain("name");
  });

  it("answers 400 listing the fields ?sort= takes", async () => {
    const response = await app.inject({ method: "GET", url: "/categories?sort=notAField" });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields).toEqual([{ field: "sort", message: "must be one of: id, name, createdAt, updatedAt" }]);
  });

  it("answers 400 listing the relations ?include= takes", async () => {
    const response = await app.inject({ method: "GET", url: "/categories?include=notARelation" });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields).toEqual([{ field: "include", message: "must be one of: products" }]);
  });

  it("answers 404 for a missing row, alike on every route", async () => {
    const url = "/categories/999999";
    const responses = [
      await app.inject({ method: "GET", url }),
      await app.inject({ method: "PATCH", url, payload: { name: "name-3" } }),
      await app.inject({ method: "DELETE", url }),
    ];
    for (const response of responses) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, code: "NOT_FOUND", message: "Category 999999 not found" });
    }
  });
});

import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { clearDatabase, createTestApp } from "./helpers.js";

let app: FastifyInstance;
let prisma: PrismaClient;
async function parents() {
  return {};
}

beforeAll(async () => {
  ({ app, prisma } = await createTestApp());
});

afterAll(async () => {
  await app.close();
  await prisma.$disconnect();
});

beforeEach(async () => {
  await clearDatabase(prisma);
});

async function create(body: Record<string, unknown>) {
  return app.inject({ method: "POST", url: "/products", payload: body });
}

describe("/products", () => {
  it("creates a row and lists it", async () => {
    const created = await create({ ...{ sku: "sku-1", name: "name-1", description: "description-1", price: "1.50" }, ...(await parents()) });
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json();
    expect(row.id).toBeDefined();

    const list = await app.inject({ method: "GET", url: "/products?page=1&pageSize=10" });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ page: 1, pageSize: 10, hasMore: false });
    expect(list.json().data).toEqual([row]);
  });

  it("pages, sorts and filters the list", async () => {
    await create({ ...{ sku: "sku-1", name: "name-1", description: "description-1", price: "1.50" }, ...(await parents()) });
    await create({ ...{ sku: "sku-2", name: "name-2", description: "description-2", price: "2.50" }, ...(await parents()) });

    const first = await app.inject({ method: "GET", url: "/products?pageSize=1&total=true" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ page: 1, pageSize: 1, hasMore: true, total: 2 });
    expect(first.json().data).toHaveLength(1);

    const descending = await app.inject({ method: "GET", url: "/products?sort=id&order=desc" });
    expect(descending.statusCode, descending.body).toBe(200);
    const ids = descending.json().data.map((row: { id: unknown }) => row.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toEqual(ids[1]);

    const filtered = await app.inject({ method: "GET", url: `/products?sku=${encodeURIComponent(String("sku-1"))}` });
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().data).toHaveLength(1);
    expect(filtered.json().data[0].sku).toEqual("sku-1");
  });

  it("reads, updates and deletes a row by id", async () => {
    const row = (await create({ ...{ sku: "sku-1", name: "name-1", description: "description-1", price: "1.50" }, ...(await parents()) })).json();
    const id = row.id;

    const read = await app.inject({ method: "GET", url: `/products/${id}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual(row);

    const updated = await app.inject({ method: "PATCH", url: `/products/${id}`, payload: { name: "name-3" } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().name).toEqual("name-3");

    const deleted = await app.inject({ method: "DELETE", url: `/products/${id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const gone = await app.inject({ method: "GET", url: `/products/${id}` });
    expect(gone.statusCode).toBe(404);
    expect(await prisma.products.count()).toBe(0);
  });

  it("answers 409 when a unique value is taken", async () => {
    expect((await create({ ...{ sku: "sku-1", name: "name-1", description: "description-1", price: "1.50" }, ...(await parents()) })).statusCode).toBe(201);
    const duplicate = await create({ ...{ sku: "sku-2", name: "name-2", description: "description-2", price: "2.50" }, ...(await parents()), sku: { sku: "sku-1", name: "name-1", description: "description-1", price: "1.50" }.sku });
    expect(duplicate.statusCode, duplicate.body).toBe(409);
    expect(duplicate.json()).toMatchObject({ statusCode: 409, code: "UNIQUE_CONFLICT", fields: [{ field: "sku", message: "must be unique" }] });
  });

  it("answers 400 naming an unknown field", async () => {
    const response = await create({ ...{ sku: "sku-1", name: "name-1", description: "description-1", price: "1.50" }, ...(await parents()), notAField: 1 });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
    expect(response.json().fields).toContainEqual({ field: "notAField", message: "is not a known field" });
    expect(await prisma.products.count()).toBe(0);
  });

  it("answers 400 naming a field of the wrong type", async () => {
    const response = await create({ sku: { nested: true } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields.map((f: { field: string }) => f.field)).toContain("sku");
  });

  it("answers 404 for a missing row", async () => {
    const response = await app.inject({ method: "GET", url: `/products/${ 999999 }` });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, code: "NOT_FOUND" });
    const update = await app.inject({ method: "DELETE", url: `/products/${ 999999 }` });
    expect(update.statusCode, update.body).toBe(404);
  });
});

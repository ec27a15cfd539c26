import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { clearDatabase, createTestApp } from "./helpers.js";

let app: FastifyInstance;
let prisma: PrismaClient;
let counter = 0;

// Rows the required foreign keys of Orders point at, created straight through Prisma.
async function makeCustomers() {
  const n = ++counter;
  return prisma.customers.create({ data: { email: `user${n}@example.com`, name: `name-${n}` }, select: { id: true } });
}

async function parents() {
  return { customerId: (await makeCustomers()).id };
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
  return app.inject({ method: "POST", url: "/orders", payload: body });
}

describe("/orders", () => {
  it("creates a row and lists it", async () => {
    const created = await create({ ...{ total: "1.50", note: "note-1", paidAt: "2024-01-02T10:00:00.000Z" }, ...(await parents()) });
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json();
    expect(row.id).toBeDefined();

    const list = await app.inject({ method: "GET", url: "/orders?page=1&pageSize=10" });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ page: 1, pageSize: 10, hasMore: false });
    expect(list.json().data).toEqual([row]);
  });

  it("pages, sorts and filters the list", async () => {
    await create({ ...{ total: "1.50", note: "note-1", paidAt: "2024-01-02T10:00:00.000Z" }, ...(await parents()) });
    await create({ ...{ total: "2.50", note: "note-2", paidAt: "2024-01-03T10:00:00.000Z" }, ...(await parents()) });

    const first = await app.inject({ method: "GET", url: "/orders?pageSize=1&total=true" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ page: 1, pageSize: 1, hasMore: true, total: 2 });
    expect(first.json().data).toHaveLength(1);

    const descending = await app.inject({ method: "GET", url: "/orders?sort=id&order=desc" });
    expect(descending.statusCode, descending.body).toBe(200);
    const ids = descending.json().data.map((row: { id: unknown }) => row.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toEqual(ids[1]);

    const filtered = await app.inject({ method: "GET", url: `/orders?note=${encodeURIComponent(String("note-1"))}` });
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().data).toHaveLength(1);
    expect(filtered.json().data[0].note).toEqual("note-1");
  });

  it("reads, updates and deletes a row by id", async () => {
    const row = (await create({ ...{ total: "1.50", note: "note-1", paidAt: "2024-01-02T10:00:00.000Z" }, ...(await parents()) })).json();
    const id = row.id;

    const read = await app.inject({ method: "GET", url: `/orders/${id}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual(row);

    const updated = await app.inject({ method: "PATCH", url: `/orders/${id}`, payload: { total: "3.50" } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().total).toEqual("3.50");

    const deleted = await app.inject({ method: "DELETE", url: `/orders/${id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const gone = await app.inject({ method: "GET", url: `/orders/${id}` });
    expect(gone.statusCode).toBe(404);
    expect(await prisma.orders.count()).toBe(0);
  });

  it("answers 400 naming an unknown field", async () => {
    const response = await create({ ...{ total: "1.50", note: "note-1", paidAt: "2024-01-02T10:00:00.000Z" }, ...(await parents()), notAField: 1 });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
    expect(response.json().fields).toContainEqual({ field: "notAField", message: "is not a known field" });
    expect(await prisma.orders.count()).toBe(0);
  });

  it("answers 400 naming a field of the wrong type", async () => {
    const response = await create({ note: { nested: true } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields.map((f: { field: string }) => f.field)).toContain("note");
  });

  it("answers 404 for a missing row", async () => {
    const response = await app.inject({ method: "GET", url: `/orders/${ 999999 }` });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, code: "NOT_FOUND" });
    const update = await app.inject({ method: "DELETE", url: `/orders/${ 999999 }` });
    expect(update.statusCode, update.body).toBe(404);
  });
});

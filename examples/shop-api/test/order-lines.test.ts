import { faker } from "@faker-js/faker";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { buildOrderLines } from "./factories/OrderLines.factory.js";
import { createOrders } from "./factories/Orders.factory.js";
import { createProducts } from "./factories/Products.factory.js";
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
  return app.inject({ method: "POST", url: "/order-lines", payload: body });
}

/** The foreign keys a new row needs, each pointing at a fresh parent row made by its model's factory. */
async function parents() {
  return {
    orderId: (await createOrders(prisma)).id,
    productId: (await createProducts(prisma)).id,
  };
}

/** A body with every field a new row needs, with values the assertions below name; `changes` replaces some. */
async function sampleA(changes: Record<string, unknown> = {}) {
  return {
    quantity: 1,
    unitPrice: "1.50",
    ...(await parents()),
    ...changes,
  };
}

async function sampleB(changes: Record<string, unknown> = {}) {
  return {
    quantity: 2,
    unitPrice: "2.50",
    ...(await parents()),
    ...changes,
  };
}

async function sampleC() {
  return {
    quantity: 3,
    unitPrice: "3.50",
    ...(await parents()),
  };
}

describe("/order-lines", () => {
  it("creates rows from the factory's bodies (test/factories/OrderLines.factory.ts)", async () => {
    for (let i = 0; i < 3; i++) {
      const created = await create({ ...buildOrderLines(), ...(await parents()) });
      expect(created.statusCode, created.body).toBe(201);
    }
    expect(await prisma.orderLines.count()).toBe(3);
  });

  it("creates a row and lists it", async () => {
    const created = await create(await sampleA());
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json();
    expect(row.id).toBeDefined();

    const list = await app.inject({ method: "GET", url: "/order-lines?page=1&pageSize=10" });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ page: 1, pageSize: 10, hasMore: false });
    expect(list.json().data).toEqual([row]);
  });

  it("pages, sorts and filters the list", async () => {
    await create(await sampleA());
    await create(await sampleB());

    const first = await app.inject({ method: "GET", url: "/order-lines?pageSize=1&total=true" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ page: 1, pageSize: 1, hasMore: true, total: 2 });
    expect(first.json().data).toHaveLength(1);

    const descending = await app.inject({ method: "GET", url: "/order-lines?sort=id&order=desc" });
    expect(descending.statusCode, descending.body).toBe(200);
    const ids = descending.json().data.map((row: { id: unknown }) => row.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toEqual(ids[1]);

    const filtered = await app.inject({ method: "GET", url: "/order-lines?quantity=1" });
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().data.map((row: Record<string, unknown>) => row.quantity)).toEqual([1]);

    const above = await app.inject({ method: "GET", url: "/order-lines?quantity[gt]=1" });
    expect(above.statusCode, above.body).toBe(200);
    expect(above.json().data.map((row: Record<string, unknown>) => row.quantity)).toEqual([2]);

    // ?after= continues from a page's `next` cursor, unmoved by a row inserted in between
    // (with ?page=2 the new row would push the second row back onto the second page).
    const newest = await app.inject({ method: "GET", url: "/order-lines?sort=id&order=desc&pageSize=1" });
    expect(newest.json().data.map((row: { id: unknown }) => row.id)).toEqual([ids[0]]);
    const next = newest.json().next;
    expect(next).toEqual(expect.any(String));
    expect((await create(await sampleC())).statusCode).toBe(201);
    const after = await app.inject({ method: "GET", url: `/order-lines?sort=id&order=desc&pageSize=1&after=${next}` });
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json()).toMatchObject({ hasMore: false, next: null });
    expect(after.json().data.map((row: { id: unknown }) => row.id)).toEqual([ids[1]]);
    const badCursor = await app.inject({ method: "GET", url: "/order-lines?after=not-a-cursor" });
    expect(badCursor.statusCode, badCursor.body).toBe(400);
    expect(badCursor.json()).toMatchObject({ statusCode: 400, code: "BAD_CURSOR" });
  });

  it("takes a decimal as a JSON number and gives it back as a string", async () => {
    const created = await create(await sampleA({ unitPrice: 1.5 }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().unitPrice).toEqual("1.50");
  });

  it("loads the order with ?include=, and answers 409 naming a foreign key that matches no row", async () => {
    const row = (await create(await sampleA())).json();
    const parentKey = row.orderId;
    const id = row.id;
    const one = await app.inject({ method: "GET", url: `/order-lines/${id}?include=order` });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().order.id).toEqual(parentKey);
    const list = await app.inject({ method: "GET", url: "/order-lines?include=order" });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data[0].order.id).toEqual(parentKey);

    // sampleB: its unique values are free, so only the foreign key can be refused
    const orphan = await create(await sampleB({ orderId: 999999 }));
    expect(orphan.statusCode, orphan.body).toBe(409);
    expect(orphan.json()).toMatchObject({ statusCode: 409, code: "FOREIGN_KEY_CONFLICT", fields: [{ field: "orderId" }] });

    const parentDelete = await app.inject({ method: "DELETE", url: `/orders/${parentKey}` });
    expect(parentDelete.statusCode, parentDelete.body).toBe(409);
    expect(parentDelete.json()).toMatchObject({
      statusCode: 409,
      code: "FOREIGN_KEY_CONFLICT",
      fields: [{ field: "orderId", message: "order lines still reference this order" }],
    });
  });

  it("reads, updates and deletes a row by id", async () => {
    const row = (await create(await sampleA())).json();
    const id = row.id;

    const read = await app.inject({ method: "GET", url: `/order-lines/${id}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual(row);

    const updated = await app.inject({ method: "PATCH", url: `/order-lines/${id}`, payload: { quantity: 3 } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().quantity).toEqual(3);

    const deleted = await app.inject({ method: "DELETE", url: `/order-lines/${id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const gone = await app.inject({ method: "GET", url: `/order-lines/${id}` });
    expect(gone.statusCode).toBe(404);
    expect(await prisma.orderLines.count()).toBe(0);
  });

  it("answers 400 naming an unknown field", async () => {
    const response = await create({ ...(await sampleA()), notAField: 1 });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
    expect(response.json().fields).toContainEqual({ field: "notAField", message: "is not a known field" });
    expect(await prisma.orderLines.count()).toBe(0);
  });

  it("answers 400 naming a field of the wrong type", async () => {
    const response = await create({ quantity: "not-a-number" });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields.map((f: { field: string }) => f.field)).toContain("quantity");
  });

  it("answers 400 for a value the model's validations refuse", async () => {
    const response = await create(await sampleA({ quantity: 0 }));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields.map((f: { field: string }) => f.field)).toEqual(["quantity"]);
    expect(await prisma.orderLines.count()).toBe(0);
  });

  it("answers 400 listing the fields ?sort= takes", async () => {
    const response = await app.inject({ method: "GET", url: "/order-lines?sort=notAField" });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields).toEqual([{ field: "sort", message: "must be one of: id, orderId, productId, quantity, unitPrice, createdAt, updatedAt" }]);
  });

  it("answers 400 listing the relations ?include= takes", async () => {
    const response = await app.inject({ method: "GET", url: "/order-lines?include=notARelation" });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields).toEqual([{ field: "include", message: "must be one of: order, product" }]);
  });

  it("answers 404 for a missing row, alike on every route", async () => {
    const url = "/order-lines/999999";
    const responses = [
      await app.inject({ method: "GET", url }),
      await app.inject({ method: "PATCH", url, payload: { quantity: 3 } }),
      await app.inject({ method: "DELETE", url }),
    ];
    for (const response of responses) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, code: "NOT_FOUND", message: "Order line 999999 not found" });
    }
  });
});

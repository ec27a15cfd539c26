import { faker } from "@faker-js/faker";
import { prismaInputConverter } from "backant/runtime";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { type OrdersCreate, ordersSchemas } from "../../src/services/orders.service.js";
import { createCustomers } from "./Customers.factory.js";

/**
 * A body POST /orders accepts: random values (faker) that the model's checks accept. `changes` replaces some. The foreign keys are not in it: createOrders makes the
 * parent rows, or give their keys in `changes`.
 */
export function buildOrders(changes: Record<string, unknown> = {}) {
  return {
    total: faker.finance.amount({ min: 0, max: 999999, dec: 2 }),
    note: faker.lorem.paragraph(),
    paidAt: faker.date.past({ refDate: "2026-01-01T00:00:00.000Z" }).toISOString(),
    ...changes,
  };
}

const toPrisma = prismaInputConverter(ordersSchemas.columns);

/** Creates an order through Prisma, with its parent rows from their own factories unless `changes` gives their keys. */
export async function createOrders(prisma: PrismaClient, changes: Record<string, unknown> = {}) {
  const parents = {
    customerId: changes.customerId ?? (await createCustomers(prisma)).id,
  };
  const data: Record<string, unknown> = toPrisma({ ...buildOrders(), ...parents, ...changes });
  return prisma.orders.create({ data: data as OrdersCreate });
}

/** For prisma/seed.ts, under names every factory shares. */
export const factory = { model: "Orders", count: (prisma: PrismaClient) => prisma.orders.count(), create: createOrders };

import { faker } from "@faker-js/faker";
import { prismaInputConverter } from "backant/runtime";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { type OrderLinesCreate, orderLinesSchemas } from "../../src/services/order-lines.service.js";
import { createOrders } from "./Orders.factory.js";
import { createProducts } from "./Products.factory.js";

/**
 * A body POST /order-lines accepts: random values (faker) that the model's checks accept. `changes` replaces some. The foreign keys are not in it: createOrderLines makes the
 * parent rows, or give their keys in `changes`.
 */
export function buildOrderLines(changes: Record<string, unknown> = {}) {
  return {
    quantity: faker.number.int({ min: 1, max: 1001 }),
    unitPrice: faker.finance.amount({ min: 0, max: 999999, dec: 2 }),
    ...changes,
  };
}

const toPrisma = prismaInputConverter(orderLinesSchemas.columns);

/** Creates an order line through Prisma, with its parent rows from their own factories unless `changes` gives their keys. */
export async function createOrderLines(prisma: PrismaClient, changes: Record<string, unknown> = {}) {
  const parents = {
    orderId: changes.orderId ?? (await createOrders(prisma)).id,
    productId: changes.productId ?? (await createProducts(prisma)).id,
  };
  const data: Record<string, unknown> = toPrisma({ ...buildOrderLines(), ...parents, ...changes });
  return prisma.orderLines.create({ data: data as OrderLinesCreate });
}

/** For prisma/seed.ts, under names every factory shares. */
export const factory = { model: "OrderLines", count: (prisma: PrismaClient) => prisma.orderLines.count(), create: createOrderLines };

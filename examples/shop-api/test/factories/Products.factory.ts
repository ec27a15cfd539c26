import { faker } from "@faker-js/faker";
import { prismaInputConverter } from "backant/runtime";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { type ProductsCreate, productsSchemas } from "../../src/services/products.service.js";
import { fitText } from "./support.js";

// Unique fields carry this running number, so they never repeat within a test run.
let sequence = 0;

/**
 * A body POST /products accepts: random values (faker) that the model's checks accept, unique
 * fields never the same twice. `changes` replaces some.
 */
export function buildProducts(changes: Record<string, unknown> = {}) {
  const n = ++sequence;
  return {
    sku: fitText(`${faker.lorem.words(2)}-${n}`, 0, 40),
    name: fitText(faker.person.fullName(), 0, 200),
    description: faker.lorem.paragraph(),
    price: faker.finance.amount({ min: 0, max: 999999, dec: 2 }),
    ...changes,
  };
}

const toPrisma = prismaInputConverter(productsSchemas.columns);

/** Creates a product through Prisma. */
export async function createProducts(prisma: PrismaClient, changes: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = toPrisma({ ...buildProducts(), ...changes });
  return prisma.products.create({ data: data as ProductsCreate });
}

/** For prisma/seed.ts, under names every factory shares. */
export const factory = { model: "Products", count: (prisma: PrismaClient) => prisma.products.count(), create: createProducts };

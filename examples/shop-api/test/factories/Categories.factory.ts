import { faker } from "@faker-js/faker";
import { prismaInputConverter } from "backant/runtime";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { type CategoriesCreate, categoriesSchemas } from "../../src/services/categories.service.js";
import { fitText } from "./support.js";

// Unique fields carry this running number, so they never repeat within a test run.
let sequence = 0;

/**
 * A body POST /categories accepts: random values (faker) that the model's checks accept, unique
 * fields never the same twice. `changes` replaces some.
 */
export function buildCategories(changes: Record<string, unknown> = {}) {
  const n = ++sequence;
  return {
    name: fitText(`${faker.person.fullName()}-${n}`, 0, 80),
    ...changes,
  };
}

const toPrisma = prismaInputConverter(categoriesSchemas.columns);

/** Creates a category through Prisma. */
export async function createCategories(prisma: PrismaClient, changes: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = toPrisma({ ...buildCategories(), ...changes });
  return prisma.categories.create({ data: data as CategoriesCreate });
}

/** For prisma/seed.ts, under names every factory shares. */
export const factory = { model: "Categories", count: (prisma: PrismaClient) => prisma.categories.count(), create: createCategories };

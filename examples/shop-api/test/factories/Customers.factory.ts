import { faker } from "@faker-js/faker";
import { prismaInputConverter } from "backant/runtime";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { type CustomersCreate, customersSchemas } from "../../src/services/customers.service.js";
import { email, fitText } from "./support.js";

// Unique fields carry this running number, so they never repeat within a test run.
let sequence = 0;

/**
 * A body POST /customers accepts: random values (faker) that the model's checks accept, unique
 * fields never the same twice. `changes` replaces some.
 */
export function buildCustomers(changes: Record<string, unknown> = {}) {
  const n = ++sequence;
  return {
    email: email(n, 120),
    name: fitText(faker.person.fullName(), 2, 100),
    phone: fitText(faker.phone.number(), 0, 30),
    ...changes,
  };
}

const toPrisma = prismaInputConverter(customersSchemas.columns);

/** Creates a customer through Prisma. */
export async function createCustomers(prisma: PrismaClient, changes: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = toPrisma({ ...buildCustomers(), ...changes });
  return prisma.customers.create({ data: data as CustomersCreate });
}

/** For prisma/seed.ts, under names every factory shares. */
export const factory = { model: "Customers", count: (prisma: PrismaClient) => prisma.customers.count(), create: createCustomers };

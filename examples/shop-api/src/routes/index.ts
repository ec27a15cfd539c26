import type { FastifyInstance } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.js";
import { categoriesRoute } from "./categories.route.js";
import { customersRoute } from "./customers.route.js";
import { orderLinesRoute } from "./order-lines.route.js";
import { ordersRoute } from "./orders.route.js";
import { productsRoute } from "./products.route.js";
import { reportsRoute } from "./reports.route.js";
// backant:route-imports

export interface RouteDependencies {
  prisma: PrismaClient;
}

/** Mounts every resource at /<kebab-case name>. `backant add-model` and `add-route` add lines above the markers. */
export async function registerRoutes(app: FastifyInstance, { prisma }: RouteDependencies): Promise<void> {
  await app.register(categoriesRoute, { prefix: "/categories", prisma });
  await app.register(customersRoute, { prefix: "/customers", prisma });
  await app.register(orderLinesRoute, { prefix: "/order-lines", prisma });
  await app.register(ordersRoute, { prefix: "/orders", prisma });
  await app.register(productsRoute, { prefix: "/products", prisma });
  await app.register(reportsRoute, { prefix: "/reports" });
  // backant:routes
}

import { columnsOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Orders as OrdersRow } from "../generated/prisma/client.js";
import OrdersModel from "../models/Orders.model.js";
import { Repository, type ReadSql } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(OrdersModel));

/** Rendered from the model by backant (regenerated with the resource): see Repository on reads. */
const sql: ReadSql = {
  select: 'SELECT "id", "customer_id" AS "customerId", "status", "total", "note", "paid_at" AS "paidAt", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "orders"',
  id: '"id"',
  columns: { id: '"id"', customerId: '"customer_id"', status: '"status"', total: '"total"', note: '"note"', paidAt: '"paid_at"', createdAt: '"created_at"', updatedAt: '"updated_at"' },
  placeholder: "?",
};

export class OrdersRepository extends Repository<
  OrdersRow,
  number,
  Prisma.OrdersUncheckedCreateInput,
  Prisma.OrdersUncheckedUpdateInput,
  Prisma.OrdersWhereInput,
  Prisma.OrdersOrderByWithRelationInput
> {
  constructor(prisma: PrismaClient) {
    super(prisma.orders, "id", select, { client: prisma, sql });
  }
}

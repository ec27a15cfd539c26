import { columnsOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, OrderLines as OrderLinesRow } from "../generated/prisma/client.js";
import OrderLinesModel from "../models/OrderLines.model.js";
import { Repository, type ReadSql } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(OrderLinesModel));

/** Rendered from the model by backant (regenerated with the resource): see Repository on reads. */
const sql: ReadSql = {
  select: 'SELECT "id", "order_id" AS "orderId", "product_id" AS "productId", "quantity", "unit_price" AS "unitPrice", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "order_lines"',
  id: '"id"',
  columns: { id: '"id"', orderId: '"order_id"', productId: '"product_id"', quantity: '"quantity"', unitPrice: '"unit_price"', createdAt: '"created_at"', updatedAt: '"updated_at"' },
  placeholder: "?",
};

export class OrderLinesRepository extends Repository<
  OrderLinesRow,
  number,
  Prisma.OrderLinesUncheckedCreateInput,
  Prisma.OrderLinesUncheckedUpdateInput,
  Prisma.OrderLinesWhereInput,
  Prisma.OrderLinesOrderByWithRelationInput
> {
  constructor(prisma: PrismaClient) {
    super(prisma.orderLines, "id", select, { client: prisma, sql });
  }
}

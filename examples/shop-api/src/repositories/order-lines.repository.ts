import { columnsOf, readSqlOf, scalarSelect, sqlTable } from "backant/runtime";
import { type OrderLines as OrderLinesRow, Prisma, type PrismaClient } from "../generated/prisma/client.js";
import OrderLinesModel from "../models/OrderLines.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(OrderLinesModel));

/** The model's SQL, built from the model file at start-up (a .map() rename is followed): see Repository. */
const sql = readSqlOf(OrderLinesModel, "sqlite", [], "snake_case")!;

export class OrderLinesRepository extends Repository<
  OrderLinesRow,
  number,
  Prisma.OrderLinesUncheckedCreateInput,
  Prisma.OrderLinesUncheckedUpdateInput,
  Prisma.OrderLinesWhereInput,
  Prisma.OrderLinesOrderByWithRelationInput[]
> {
  constructor(prisma: PrismaClient) {
    super(
      prisma.orderLines,
      "id",
      select,
      "order line",
      {
        // Looked up only when the database refuses a write for a foreign key, to name the field and row.
        parents: [
          { field: "orderId", noun: "order", delegate: prisma.orders, key: "id" },
          { field: "productId", noun: "product", delegate: prisma.products, key: "id" },
        ],
        children: [],
      },
      sqlTable<OrderLinesRow>(prisma, sql, Prisma, "OrderLines"),
    );
  }
}

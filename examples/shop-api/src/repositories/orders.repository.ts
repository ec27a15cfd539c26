import { columnsOf, readSqlOf, scalarSelect, sqlTable } from "backant/runtime";
import { type Orders as OrdersRow, Prisma, type PrismaClient } from "../generated/prisma/client.js";
import OrdersModel from "../models/Orders.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(OrdersModel));

/** The model's SQL, built from the model file at start-up (a .map() rename is followed): see Repository. */
const sql = readSqlOf(OrdersModel, "sqlite", [], "snake_case")!;

export class OrdersRepository extends Repository<
  OrdersRow,
  number,
  Prisma.OrdersUncheckedCreateInput,
  Prisma.OrdersUncheckedUpdateInput,
  Prisma.OrdersWhereInput,
  Prisma.OrdersOrderByWithRelationInput[]
> {
  constructor(prisma: PrismaClient) {
    super(
      prisma.orders,
      "id",
      select,
      "order",
      {
        // Looked up only when the database refuses a write for a foreign key, to name the field and row.
        parents: [{ field: "customerId", noun: "customer", delegate: prisma.customers, key: "id" }],
        children: [{ field: "orderId", nouns: "order lines", delegate: prisma.orderLines }],
      },
      sqlTable<OrdersRow>(prisma, sql, Prisma, "Orders"),
    );
  }
}

import { columnsOf, readSqlOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Orders as OrdersRow } from "../generated/prisma/client.js";
import OrdersModel from "../models/Orders.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(OrdersModel));

/** Built from the model file at start-up, so a .map() rename is followed: see Repository on reads. */
const sql = readSqlOf(OrdersModel, "sqlite")!;

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

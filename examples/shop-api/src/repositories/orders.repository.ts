import { columnsOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Orders as OrdersRow } from "../generated/prisma/client.js";
import OrdersModel from "../models/Orders.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(OrdersModel));

export class OrdersRepository extends Repository<
  OrdersRow,
  number,
  Prisma.OrdersUncheckedCreateInput,
  Prisma.OrdersUncheckedUpdateInput,
  Prisma.OrdersWhereInput,
  Prisma.OrdersOrderByWithRelationInput
> {
  constructor(prisma: PrismaClient) {
    super(prisma.orders, "id", select);
  }
}

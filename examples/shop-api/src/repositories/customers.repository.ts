import { columnsOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Customers as CustomersRow } from "../generated/prisma/client.js";
import CustomersModel from "../models/Customers.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(CustomersModel));

export class CustomersRepository extends Repository<
  CustomersRow,
  number,
  Prisma.CustomersUncheckedCreateInput,
  Prisma.CustomersUncheckedUpdateInput,
  Prisma.CustomersWhereInput,
  Prisma.CustomersOrderByWithRelationInput
> {
  constructor(prisma: PrismaClient) {
    super(prisma.customers, "id", select);
  }
}

import { columnsOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Customers as CustomersRow } from "../generated/prisma/client.js";
import CustomersModel from "../models/Customers.model.js";
import { Repository, type ReadSql } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(CustomersModel));

/** Rendered from the model by backant (regenerated with the resource): see Repository on reads. */
const sql: ReadSql = {
  select: 'SELECT "id", "email", "name", "phone", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "customers"',
  id: '"id"',
  columns: { id: '"id"', email: '"email"', name: '"name"', phone: '"phone"', createdAt: '"created_at"', updatedAt: '"updated_at"' },
  placeholder: "?",
};

export class CustomersRepository extends Repository<
  CustomersRow,
  number,
  Prisma.CustomersUncheckedCreateInput,
  Prisma.CustomersUncheckedUpdateInput,
  Prisma.CustomersWhereInput,
  Prisma.CustomersOrderByWithRelationInput
> {
  constructor(prisma: PrismaClient) {
    super(prisma.customers, "id", select, { client: prisma, sql });
  }
}

import { columnsOf, readSqlOf, scalarSelect, sqlTable } from "backant/runtime";
import { type Customers as CustomersRow, Prisma, type PrismaClient } from "../generated/prisma/client.js";
import CustomersModel from "../models/Customers.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(CustomersModel));

/** The model's SQL, built from the model file at start-up (a .map() rename is followed): see Repository. */
const sql = readSqlOf(CustomersModel, "sqlite", [], "snake_case")!;

export class CustomersRepository extends Repository<
  CustomersRow,
  number,
  Prisma.CustomersUncheckedCreateInput,
  Prisma.CustomersUncheckedUpdateInput,
  Prisma.CustomersWhereInput,
  Prisma.CustomersOrderByWithRelationInput[]
> {
  constructor(prisma: PrismaClient) {
    super(
      prisma.customers,
      "id",
      select,
      "customer",
      {
        // Looked up only when the database refuses a write for a foreign key, to name the field and row.
        parents: [],
        children: [{ field: "customerId", nouns: "orders", delegate: prisma.orders }],
      },
      sqlTable<CustomersRow>(prisma, sql, Prisma, "Customers"),
    );
  }
}

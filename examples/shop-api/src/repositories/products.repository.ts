import { columnsOf, readSqlOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Products as ProductsRow } from "../generated/prisma/client.js";
import ProductsModel from "../models/Products.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(ProductsModel));

/** Built from the model file at start-up, so a .map() rename is followed: see Repository on reads. */
const sql = readSqlOf(ProductsModel, "sqlite")!;

export class ProductsRepository extends Repository<
  ProductsRow,
  number,
  Prisma.ProductsUncheckedCreateInput,
  Prisma.ProductsUncheckedUpdateInput,
  Prisma.ProductsWhereInput,
  Prisma.ProductsOrderByWithRelationInput
> {
  constructor(prisma: PrismaClient) {
    super(prisma.products, "id", select, { client: prisma, sql });
  }
}

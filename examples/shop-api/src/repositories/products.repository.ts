import { columnsOf, readSqlOf, scalarSelect, sqlTable } from "backant/runtime";
import { Prisma, type PrismaClient, type Products as ProductsRow } from "../generated/prisma/client.js";
import ProductsModel from "../models/Products.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(ProductsModel));

/** The model's SQL, built from the model file at start-up (a .map() rename is followed): see Repository. */
const sql = readSqlOf(ProductsModel, "sqlite", [], "snake_case")!;

export class ProductsRepository extends Repository<
  ProductsRow,
  number,
  Prisma.ProductsUncheckedCreateInput,
  Prisma.ProductsUncheckedUpdateInput,
  Prisma.ProductsWhereInput,
  Prisma.ProductsOrderByWithRelationInput[]
> {
  constructor(prisma: PrismaClient) {
    super(
      prisma.products,
      "id",
      select,
      "product",
      {
        // Looked up only when the database refuses a write for a foreign key, to name the field and row.
        parents: [{ field: "categoryId", noun: "category", delegate: prisma.categories, key: "id" }],
        children: [{ field: "productId", nouns: "order lines", delegate: prisma.orderLines }],
      },
      sqlTable<ProductsRow>(prisma, sql, Prisma, "Products"),
    );
  }
}

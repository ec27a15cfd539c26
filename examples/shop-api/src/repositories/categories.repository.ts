import { columnsOf, readSqlOf, scalarSelect, sqlTable } from "backant/runtime";
import { type Categories as CategoriesRow, Prisma, type PrismaClient } from "../generated/prisma/client.js";
import CategoriesModel from "../models/Categories.model.js";
import { Repository } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(CategoriesModel));

/** The model's SQL, built from the model file at start-up (a .map() rename is followed): see Repository. */
const sql = readSqlOf(CategoriesModel, "sqlite", [], "snake_case")!;

export class CategoriesRepository extends Repository<
  CategoriesRow,
  number,
  Prisma.CategoriesUncheckedCreateInput,
  Prisma.CategoriesUncheckedUpdateInput,
  Prisma.CategoriesWhereInput,
  Prisma.CategoriesOrderByWithRelationInput[]
> {
  constructor(prisma: PrismaClient) {
    super(
      prisma.categories,
      "id",
      select,
      "category",
      {
        // Looked up only when the database refuses a write for a foreign key, to name the field and row.
        parents: [],
        children: [{ field: "categoryId", nouns: "products", delegate: prisma.products }],
      },
      sqlTable<CategoriesRow>(prisma, sql, Prisma, "Categories"),
    );
  }
}

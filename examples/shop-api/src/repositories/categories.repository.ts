import { columnsOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Categories as CategoriesRow } from "../generated/prisma/client.js";
import CategoriesModel from "../models/Categories.model.js";
import { Repository, type ReadSql } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(CategoriesModel));

/** Rendered from the model by backant (regenerated with the resource): see Repository on reads. */
const sql: ReadSql = {
  select: 'SELECT "id", "name", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "categories"',
  id: '"id"',
  columns: { id: '"id"', name: '"name"', createdAt: '"created_at"', updatedAt: '"updated_at"' },
  placeholder: "?",
};

export class CategoriesRepository extends Repository<
  CategoriesRow,
  number,
  Prisma.CategoriesUncheckedCreateInput,
  Prisma.CategoriesUncheckedUpdateInput,
  Prisma.CategoriesWhereInput,
  Prisma.CategoriesOrderByWithRelationInput
> {
  constructor(prisma: PrismaClient) {
    super(prisma.categories, "id", select, { client: prisma, sql });
  }
}

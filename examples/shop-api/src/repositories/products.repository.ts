import { columnsOf, scalarSelect } from "backant/runtime";
import type { Prisma, PrismaClient, Products as ProductsRow } from "../generated/prisma/client.js";
import ProductsModel from "../models/Products.model.js";
import { Repository, type ReadSql } from "./base.repository.js";

/** The model's own columns (scalars and foreign keys): every query names them, none loads a relation. */
const select = scalarSelect(columnsOf(ProductsModel));

/** Rendered from the model by backant (regenerated with the resource): see Repository on reads. */
const sql: ReadSql = {
  select: 'SELECT "id", "sku", "name", "description", "price", "stock", "active", "category_id" AS "categoryId", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "products"',
  id: '"id"',
  columns: { id: '"id"', sku: '"sku"', name: '"name"', description: '"description"', price: '"price"', stock: '"stock"', active: '"active"', categoryId: '"category_id"', createdAt: '"created_at"', updatedAt: '"updated_at"' },
  placeholder: "?",
};

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

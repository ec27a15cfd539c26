import { jsonRowConverter, listRequestParser, prismaInputConverter, resourceSchemas, type ListQuery } from "backant/runtime";
import type { Prisma, Products as ProductsRow } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import ProductsModel from "../models/Products.model.js";
import type { ProductsRepository } from "../repositories/products.repository.js";

/** The request and response schemas of /products, derived from the model file. */
export const productsSchemas = resourceSchemas(ProductsModel);

export type ProductsCreate = Prisma.ProductsUncheckedCreateInput;
export type ProductsUpdate = Prisma.ProductsUncheckedUpdateInput;
export type { ProductsRow };

/** Business rules for Products; the route calls it, it calls the repository. */
export class ProductsService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(productsSchemas.columns);
  private readonly parseList = listRequestParser(productsSchemas.columns);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself.
  private readonly toJson = jsonRowConverter(productsSchemas.columns)!;

  constructor(private readonly repository: ProductsRepository) {}

  async list(query: ListQuery): Promise<Page<ProductsRow>> {
    const { page, pageSize, total, where, orderBy } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.ProductsWhereInput,
      orderBy: orderBy as Prisma.ProductsOrderByWithRelationInput,
    });
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: ProductsCreate): Promise<ProductsRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number): Promise<ProductsRow> {
    const row = await this.repository.find(id);
    if (!row) throw notFound(`Products ${id}`);
    return this.toJson(row);
  }

  async update(id: number, body: ProductsUpdate): Promise<ProductsRow> {
    return this.toJson(await this.repository.update(id, this.toPrisma(body)));
  }

  async delete(id: number): Promise<void> {
    await this.repository.delete(id);
  }

  // backant:service-methods
}

import {
  type GetQuery,
  idFromParam,
  includeSelect,
  type ListQuery,
  listRequestParser,
  prismaInputConverter,
  resourceSchemas,
  rowToJson,
} from "backant/runtime";
import type { Prisma, Products as ProductsRow } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import CategoriesModel from "../models/Categories.model.js";
import OrderLinesModel from "../models/OrderLines.model.js";
import ProductsModel from "../models/Products.model.js";
import type { ProductsRepository } from "../repositories/products.repository.js";

/** The request and response schemas of /products, derived from the model files. */
export const productsSchemas = resourceSchemas(ProductsModel, {
  // What ?include= may load, one level deep.
  relations: {
    orderLines: { model: OrderLinesModel, list: true },
    category: { model: CategoriesModel, list: false },
  },
});

export type ProductsCreate = Prisma.ProductsUncheckedCreateInput;
export type ProductsUpdate = Prisma.ProductsUncheckedUpdateInput;
export type { ProductsRow };

/** Business rules for products; the route calls it, it calls the repository. */
export class ProductsService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(productsSchemas.columns);
  private readonly parseList = listRequestParser(productsSchemas.columns, productsSchemas.relations);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself
  // (the identity when the model and its relations hold none).
  private readonly toJson = rowToJson(productsSchemas.columns, productsSchemas.relations);
  private readonly toId = idFromParam<number>(productsSchemas.columns);

  constructor(private readonly repository: ProductsRepository) {}

  async list(query: ListQuery): Promise<Page<ProductsRow>> {
    const { page, pageSize, total, where, orderBy, include, cursorOf } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.ProductsWhereInput,
      orderBy: orderBy as Prisma.ProductsOrderByWithRelationInput[],
      include,
    });
    // From the last row as read (before the JSON conversion), so the cursor holds the stored values.
    const last = result.data.at(-1);
    result.next = cursorOf && result.hasMore && last ? cursorOf(last) : null;
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: ProductsCreate): Promise<ProductsRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number, query: GetQuery = {}): Promise<ProductsRow> {
    const row = await this.repository.find(this.toId(id), includeSelect(productsSchemas.relations, query.include));
    if (!row) throw notFound("Product", id);
    return this.toJson(row);
  }

  async update(id: number, body: ProductsUpdate): Promise<ProductsRow> {
    const row = await this.repository.update(this.toId(id), this.toPrisma(body));
    if (!row) throw notFound("Product", id);
    return this.toJson(row);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(this.toId(id)))) throw notFound("Product", id);
  }

  // backant:service-methods
}

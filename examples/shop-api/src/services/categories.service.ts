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
import type { Categories as CategoriesRow, Prisma } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import CategoriesModel from "../models/Categories.model.js";
import ProductsModel from "../models/Products.model.js";
import type { CategoriesRepository } from "../repositories/categories.repository.js";

/** The request and response schemas of /categories, derived from the model files. */
export const categoriesSchemas = resourceSchemas(CategoriesModel, {
  // What ?include= may load, one level deep.
  relations: {
    products: { model: ProductsModel, list: true },
  },
});

export type CategoriesCreate = Prisma.CategoriesUncheckedCreateInput;
export type CategoriesUpdate = Prisma.CategoriesUncheckedUpdateInput;
export type { CategoriesRow };

/** Business rules for categories; the route calls it, it calls the repository. */
export class CategoriesService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(categoriesSchemas.columns);
  private readonly parseList = listRequestParser(categoriesSchemas.columns, categoriesSchemas.relations);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself
  // (the identity when the model and its relations hold none).
  private readonly toJson = rowToJson(categoriesSchemas.columns, categoriesSchemas.relations);
  private readonly toId = idFromParam<number>(categoriesSchemas.columns);

  constructor(private readonly repository: CategoriesRepository) {}

  async list(query: ListQuery): Promise<Page<CategoriesRow>> {
    const { page, pageSize, total, where, orderBy, include, cursorOf } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.CategoriesWhereInput,
      orderBy: orderBy as Prisma.CategoriesOrderByWithRelationInput[],
      include,
    });
    // From the last row as read (before the JSON conversion), so the cursor holds the stored values.
    const last = result.data.at(-1);
    result.next = cursorOf && result.hasMore && last ? cursorOf(last) : null;
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: CategoriesCreate): Promise<CategoriesRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number, query: GetQuery = {}): Promise<CategoriesRow> {
    const row = await this.repository.find(this.toId(id), includeSelect(categoriesSchemas.relations, query.include));
    if (!row) throw notFound("Category", id);
    return this.toJson(row);
  }

  async update(id: number, body: CategoriesUpdate): Promise<CategoriesRow> {
    const row = await this.repository.update(this.toId(id), this.toPrisma(body));
    if (!row) throw notFound("Category", id);
    return this.toJson(row);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(this.toId(id)))) throw notFound("Category", id);
  }

  // backant:service-methods
}

import { listRequestParser, prismaInputConverter, resourceSchemas, type ListQuery } from "backant/runtime";
import type { Prisma, Categories as CategoriesRow } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import CategoriesModel from "../models/Categories.model.js";
import type { CategoriesRepository } from "../repositories/categories.repository.js";

/** The request and response schemas of /categories, derived from the model file. */
export const categoriesSchemas = resourceSchemas(CategoriesModel);

export type CategoriesCreate = Prisma.CategoriesUncheckedCreateInput;
export type CategoriesUpdate = Prisma.CategoriesUncheckedUpdateInput;
export type { CategoriesRow };

/** Business rules for Categories; the route calls it, it calls the repository. */
export class CategoriesService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(categoriesSchemas.columns);
  private readonly parseList = listRequestParser(categoriesSchemas.columns);

  constructor(private readonly repository: CategoriesRepository) {}

  async list(query: ListQuery): Promise<Page<CategoriesRow>> {
    const { page, pageSize, total, where, orderBy } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.CategoriesWhereInput,
      orderBy: orderBy as Prisma.CategoriesOrderByWithRelationInput,
    });
    return result;
  }

  async create(body: CategoriesCreate): Promise<CategoriesRow> {
    return this.repository.add(this.toPrisma(body));
  }

  async get(id: number): Promise<CategoriesRow> {
    const row = await this.repository.find(id);
    if (!row) throw notFound(`Categories ${id}`);
    return row;
  }

  async update(id: number, body: CategoriesUpdate): Promise<CategoriesRow> {
    return this.repository.update(id, this.toPrisma(body));
  }

  async delete(id: number): Promise<void> {
    await this.repository.delete(id);
  }

  // backant:service-methods
}

import { listRequestParser, prismaInputConverter, resourceSchemas, type ListQuery } from "backant/runtime";
import type { Prisma, Customers as CustomersRow } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import CustomersModel from "../models/Customers.model.js";
import type { CustomersRepository } from "../repositories/customers.repository.js";

/** The request and response schemas of /customers, derived from the model file. */
export const customersSchemas = resourceSchemas(CustomersModel);

export type CustomersCreate = Prisma.CustomersUncheckedCreateInput;
export type CustomersUpdate = Prisma.CustomersUncheckedUpdateInput;
export type { CustomersRow };

/** Business rules for Customers; the route calls it, it calls the repository. */
export class CustomersService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(customersSchemas.columns);
  private readonly parseList = listRequestParser(customersSchemas.columns);

  constructor(private readonly repository: CustomersRepository) {}

  async list(query: ListQuery): Promise<Page<CustomersRow>> {
    const { page, pageSize, total, where, orderBy } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.CustomersWhereInput,
      orderBy: orderBy as Prisma.CustomersOrderByWithRelationInput,
    });
    return result;
  }

  async create(body: CustomersCreate): Promise<CustomersRow> {
    return this.repository.add(this.toPrisma(body));
  }

  async get(id: number): Promise<CustomersRow> {
    const row = await this.repository.find(id);
    if (!row) throw notFound(`Customers ${id}`);
    return row;
  }

  async update(id: number, body: CustomersUpdate): Promise<CustomersRow> {
    return this.repository.update(id, this.toPrisma(body));
  }

  async delete(id: number): Promise<void> {
    await this.repository.delete(id);
  }

  // backant:service-methods
}

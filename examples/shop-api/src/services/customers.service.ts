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
import type { Customers as CustomersRow, Prisma } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import CustomersModel from "../models/Customers.model.js";
import OrdersModel from "../models/Orders.model.js";
import type { CustomersRepository } from "../repositories/customers.repository.js";

/** The request and response schemas of /customers, derived from the model files. */
export const customersSchemas = resourceSchemas(CustomersModel, {
  // What ?include= may load, one level deep.
  relations: {
    orders: { model: OrdersModel, list: true },
  },
});

export type CustomersCreate = Prisma.CustomersUncheckedCreateInput;
export type CustomersUpdate = Prisma.CustomersUncheckedUpdateInput;
export type { CustomersRow };

/** Business rules for customers; the route calls it, it calls the repository. */
export class CustomersService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(customersSchemas.columns);
  private readonly parseList = listRequestParser(customersSchemas.columns, customersSchemas.relations);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself
  // (the identity when the model and its relations hold none).
  private readonly toJson = rowToJson(customersSchemas.columns, customersSchemas.relations);
  private readonly toId = idFromParam<number>(customersSchemas.columns);

  constructor(private readonly repository: CustomersRepository) {}

  async list(query: ListQuery): Promise<Page<CustomersRow>> {
    const { page, pageSize, total, where, orderBy, include, cursorOf } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.CustomersWhereInput,
      orderBy: orderBy as Prisma.CustomersOrderByWithRelationInput[],
      include,
    });
    // From the last row as read (before the JSON conversion), so the cursor holds the stored values.
    const last = result.data.at(-1);
    result.next = cursorOf && result.hasMore && last ? cursorOf(last) : null;
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: CustomersCreate): Promise<CustomersRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number, query: GetQuery = {}): Promise<CustomersRow> {
    const row = await this.repository.find(this.toId(id), includeSelect(customersSchemas.relations, query.include));
    if (!row) throw notFound("Customer", id);
    return this.toJson(row);
  }

  async update(id: number, body: CustomersUpdate): Promise<CustomersRow> {
    const row = await this.repository.update(this.toId(id), this.toPrisma(body));
    if (!row) throw notFound("Customer", id);
    return this.toJson(row);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(this.toId(id)))) throw notFound("Customer", id);
  }

  // backant:service-methods
}

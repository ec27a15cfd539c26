import { jsonRowConverter, listRequestParser, prismaInputConverter, resourceSchemas, type ListQuery } from "backant/runtime";
import type { Prisma, Orders as OrdersRow } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import OrdersModel from "../models/Orders.model.js";
import type { OrdersRepository } from "../repositories/orders.repository.js";

/** The request and response schemas of /orders, derived from the model file. */
export const ordersSchemas = resourceSchemas(OrdersModel);

export type OrdersCreate = Prisma.OrdersUncheckedCreateInput;
export type OrdersUpdate = Prisma.OrdersUncheckedUpdateInput;
export type { OrdersRow };

/** Business rules for Orders; the route calls it, it calls the repository. */
export class OrdersService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(ordersSchemas.columns);
  private readonly parseList = listRequestParser(ordersSchemas.columns);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself.
  private readonly toJson = jsonRowConverter(ordersSchemas.columns)!;

  constructor(private readonly repository: OrdersRepository) {}

  async list(query: ListQuery): Promise<Page<OrdersRow>> {
    const { page, pageSize, total, where, orderBy } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.OrdersWhereInput,
      orderBy: orderBy as Prisma.OrdersOrderByWithRelationInput,
    });
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: OrdersCreate): Promise<OrdersRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number): Promise<OrdersRow> {
    const row = await this.repository.find(id);
    if (!row) throw notFound(`Orders ${id}`);
    return this.toJson(row);
  }

  async update(id: number, body: OrdersUpdate): Promise<OrdersRow> {
    return this.toJson(await this.repository.update(id, this.toPrisma(body)));
  }

  async delete(id: number): Promise<void> {
    await this.repository.delete(id);
  }

  // backant:service-methods
}

import { jsonRowConverter, listRequestParser, prismaInputConverter, resourceSchemas, type ListQuery } from "backant/runtime";
import type { Prisma, OrderLines as OrderLinesRow } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import OrderLinesModel from "../models/OrderLines.model.js";
import type { OrderLinesRepository } from "../repositories/order-lines.repository.js";

/** The request and response schemas of /order-lines, derived from the model file. */
export const orderLinesSchemas = resourceSchemas(OrderLinesModel);

export type OrderLinesCreate = Prisma.OrderLinesUncheckedCreateInput;
export type OrderLinesUpdate = Prisma.OrderLinesUncheckedUpdateInput;
export type { OrderLinesRow };

/** Business rules for OrderLines; the route calls it, it calls the repository. */
export class OrderLinesService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(orderLinesSchemas.columns);
  private readonly parseList = listRequestParser(orderLinesSchemas.columns);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself.
  private readonly toJson = jsonRowConverter(orderLinesSchemas.columns)!;

  constructor(private readonly repository: OrderLinesRepository) {}

  async list(query: ListQuery): Promise<Page<OrderLinesRow>> {
    const { page, pageSize, total, where, orderBy } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.OrderLinesWhereInput,
      orderBy: orderBy as Prisma.OrderLinesOrderByWithRelationInput,
    });
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: OrderLinesCreate): Promise<OrderLinesRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number): Promise<OrderLinesRow> {
    const row = await this.repository.find(id);
    if (!row) throw notFound(`OrderLines ${id}`);
    return this.toJson(row);
  }

  async update(id: number, body: OrderLinesUpdate): Promise<OrderLinesRow> {
    return this.toJson(await this.repository.update(id, this.toPrisma(body)));
  }

  async delete(id: number): Promise<void> {
    await this.repository.delete(id);
  }

  // backant:service-methods
}

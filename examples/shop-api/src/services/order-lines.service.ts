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
import type { OrderLines as OrderLinesRow, Prisma } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import OrderLinesModel from "../models/OrderLines.model.js";
import OrdersModel from "../models/Orders.model.js";
import ProductsModel from "../models/Products.model.js";
import type { OrderLinesRepository } from "../repositories/order-lines.repository.js";

/** The request and response schemas of /order-lines, derived from the model files. */
export const orderLinesSchemas = resourceSchemas(OrderLinesModel, {
  // What ?include= may load, one level deep.
  relations: {
    order: { model: OrdersModel, list: false },
    product: { model: ProductsModel, list: false },
  },
});

export type OrderLinesCreate = Prisma.OrderLinesUncheckedCreateInput;
export type OrderLinesUpdate = Prisma.OrderLinesUncheckedUpdateInput;
export type { OrderLinesRow };

/** Business rules for order lines; the route calls it, it calls the repository. */
export class OrderLinesService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(orderLinesSchemas.columns);
  private readonly parseList = listRequestParser(orderLinesSchemas.columns, orderLinesSchemas.relations);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself
  // (the identity when the model and its relations hold none).
  private readonly toJson = rowToJson(orderLinesSchemas.columns, orderLinesSchemas.relations);
  private readonly toId = idFromParam<number>(orderLinesSchemas.columns);

  constructor(private readonly repository: OrderLinesRepository) {}

  async list(query: ListQuery): Promise<Page<OrderLinesRow>> {
    const { page, pageSize, total, where, orderBy, include, cursorOf } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.OrderLinesWhereInput,
      orderBy: orderBy as Prisma.OrderLinesOrderByWithRelationInput[],
      include,
    });
    // From the last row as read (before the JSON conversion), so the cursor holds the stored values.
    const last = result.data.at(-1);
    result.next = cursorOf && result.hasMore && last ? cursorOf(last) : null;
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: OrderLinesCreate): Promise<OrderLinesRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number, query: GetQuery = {}): Promise<OrderLinesRow> {
    const row = await this.repository.find(this.toId(id), includeSelect(orderLinesSchemas.relations, query.include));
    if (!row) throw notFound("Order line", id);
    return this.toJson(row);
  }

  async update(id: number, body: OrderLinesUpdate): Promise<OrderLinesRow> {
    const row = await this.repository.update(this.toId(id), this.toPrisma(body));
    if (!row) throw notFound("Order line", id);
    return this.toJson(row);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(this.toId(id)))) throw notFound("Order line", id);
  }

  // backant:service-methods
}

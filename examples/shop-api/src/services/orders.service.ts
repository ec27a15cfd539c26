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
import type { Orders as OrdersRow, Prisma } from "../generated/prisma/client.js";
import { notFound } from "../helper/errors.js";
import type { Page } from "../helper/pagination.js";
import CustomersModel from "../models/Customers.model.js";
import OrderLinesModel from "../models/OrderLines.model.js";
import OrdersModel from "../models/Orders.model.js";
import type { OrdersRepository } from "../repositories/orders.repository.js";

/** The request and response schemas of /orders, derived from the model files. */
export const ordersSchemas = resourceSchemas(OrdersModel, {
  // What ?include= may load, one level deep.
  relations: {
    orderLines: { model: OrderLinesModel, list: true },
    customer: { model: CustomersModel, list: false },
  },
});

export type OrdersCreate = Prisma.OrdersUncheckedCreateInput;
export type OrdersUpdate = Prisma.OrdersUncheckedUpdateInput;
export type { OrdersRow };

/** Business rules for orders; the route calls it, it calls the repository. */
export class OrdersService {
  // Built once per service, not per request: they only touch columns that need converting.
  private readonly toPrisma = prismaInputConverter(ordersSchemas.columns);
  private readonly parseList = listRequestParser(ordersSchemas.columns, ordersSchemas.relations);
  // BigInt, Decimal, calendar dates and bytes have no JSON form fast-json-stringify writes by itself
  // (the identity when the model and its relations hold none).
  private readonly toJson = rowToJson(ordersSchemas.columns, ordersSchemas.relations);
  private readonly toId = idFromParam<number>(ordersSchemas.columns);

  constructor(private readonly repository: OrdersRepository) {}

  async list(query: ListQuery): Promise<Page<OrdersRow>> {
    const { page, pageSize, total, where, orderBy, include, cursorOf } = this.parseList(query);
    const result = await this.repository.paginate({
      page,
      pageSize,
      withTotal: total,
      where: where as Prisma.OrdersWhereInput,
      orderBy: orderBy as Prisma.OrdersOrderByWithRelationInput[],
      include,
    });
    // From the last row as read (before the JSON conversion), so the cursor holds the stored values.
    const last = result.data.at(-1);
    result.next = cursorOf && result.hasMore && last ? cursorOf(last) : null;
    result.data = result.data.map(this.toJson);
    return result;
  }

  async create(body: OrdersCreate): Promise<OrdersRow> {
    return this.toJson(await this.repository.add(this.toPrisma(body)));
  }

  async get(id: number, query: GetQuery = {}): Promise<OrdersRow> {
    const row = await this.repository.find(this.toId(id), includeSelect(ordersSchemas.relations, query.include));
    if (!row) throw notFound("Order", id);
    return this.toJson(row);
  }

  async update(id: number, body: OrdersUpdate): Promise<OrdersRow> {
    const row = await this.repository.update(this.toId(id), this.toPrisma(body));
    if (!row) throw notFound("Order", id);
    return this.toJson(row);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repository.delete(this.toId(id)))) throw notFound("Order", id);
  }

  // backant:service-methods
}

import { pageWindow, toPage, type Page } from "../helper/pagination.js";

/**
 * The slice of a Prisma model delegate (prisma.users, prisma.orders, ...) the base repository
 * uses. Prisma's delegates share no common generic type, so the arguments are loose here and the
 * subclass's type parameters give the public methods their exact types.
 */
export interface ModelDelegate {
  findUnique(args: any): Promise<any>;
  findMany(args: any): Promise<any[]>;
  create(args: any): Promise<any>;
  createMany(args: any): Promise<{ count: number }>;
  update(args: any): Promise<any>;
  delete(args: any): Promise<any>;
  count(args: any): Promise<number>;
}

export interface PaginateOptions<Where, OrderBy> {
  page: number;
  pageSize: number;
  where?: Where;
  orderBy?: OrderBy;
  /** Count every matching row too (a second query); the page says `hasMore` either way. */
  withTotal?: boolean;
}

/**
 * Data access for one model: add, addAll, find, update, delete, paginate. Every read and write
 * selects the model's own columns only (`select`), so no relation is ever fetched by accident and
 * the SQL lists its columns. Missing rows surface as Prisma's P2025 on update/delete, which the
 * error handler turns into a 404: no extra "does it exist?" query before writing.
 */
export abstract class Repository<Row, Id, Create, Update, Where, OrderBy> {
  protected constructor(
    protected readonly delegate: ModelDelegate,
    protected readonly idField: string,
    protected readonly select: Record<string, true>,
  ) {}

  protected whereId(id: Id): Record<string, Id> {
    return { [this.idField]: id };
  }

  add(data: Create): Promise<Row> {
    return this.delegate.create({ data, select: this.select });
  }

  /** Inserts many rows in one statement; returns how many were inserted. */
  async addAll(data: Create[]): Promise<number> {
    const { count } = await this.delegate.createMany({ data });
    return count;
  }

  find(id: Id): Promise<Row | null> {
    return this.delegate.findUnique({ where: this.whereId(id), select: this.select });
  }

  update(id: Id, data: Update): Promise<Row> {
    return this.delegate.update({ where: this.whereId(id), data, select: this.select });
  }

  async delete(id: Id): Promise<void> {
    await this.delegate.delete({ where: this.whereId(id), select: { [this.idField]: true } });
  }

  async paginate(options: PaginateOptions<Where, OrderBy>): Promise<Page<Row>> {
    const window = pageWindow(options);
    const query = this.delegate.findMany({ where: options.where, orderBy: options.orderBy, ...window, select: this.select });
    if (!options.withTotal) return toPage(await query, options);
    const [rows, total] = await Promise.all([query, this.delegate.count({ where: options.where })]);
    return toPage(rows, options, total);
  }
}

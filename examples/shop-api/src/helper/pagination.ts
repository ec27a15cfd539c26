/** One page of rows, as every list route returns it. */
export interface Page<Row> {
  data: Row[];
  page: number;
  pageSize: number;
  /** True when a next page exists; known from one extra row, without counting the table. */
  hasMore: boolean;
  /** Only with ?total=true (it costs a COUNT query). */
  total?: number;
  /** The cursor of the next page (?after=), null on the last one. */
  next?: string | null;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** skip/take for a page, reading one row more than the page holds to learn whether another follows. */
export function pageWindow({ page, pageSize }: PageRequest): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize + 1 };
}

export function toPage<Row>(rows: Row[], { page, pageSize }: PageRequest, total?: number): Page<Row> {
  const hasMore = rows.length > pageSize;
  if (hasMore) rows.length = pageSize;
  return total === undefined ? { data: rows, page, pageSize, hasMore } : { data: rows, page, pageSize, hasMore, total };
}

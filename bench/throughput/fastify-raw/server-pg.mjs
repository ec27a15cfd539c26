// Baseline (b) on PostgreSQL: Fastify 5 + pg directly, the practical limit on this table: a pg.Pool
// (pg's default of 10 connections, as the Prisma apps' adapter has), named statements (each
// connection prepares them once, then sends only their name and values), columns named in SQL,
// response schemas (fast-json-stringify), no ORM. Same routes and JSON as server.mjs.
import Fastify from "fastify";
import pg from "pg";
import { createSchema, getSchema, listSchema } from "./schemas.mjs";

// timestamp(3) without time zone holds UTC (as Prisma writes it): read it as UTC, send it as ISO text.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (text) => new Date(`${text.replace(" ", "T")}Z`).toISOString());

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

const columns = `id, name, sku, price_cents AS "priceCents", stock, created_at AS "createdAt", updated_at AS "updatedAt"`;
const byId = `SELECT ${columns} FROM products WHERE id = $1`;
const pageOf = `SELECT ${columns} FROM products ORDER BY id LIMIT $1 OFFSET $2`;
const insert = `INSERT INTO products (name, sku, price_cents, stock, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${columns}`;

const app = Fastify({ logger: false });

app.get("/products/:id", { schema: getSchema }, async (request, reply) => {
  const { rows } = await pool.query({ name: "product-by-id", text: byId, values: [request.params.id] });
  if (!rows.length) return reply.code(404).send({ error: "Product not found" });
  return rows[0];
});

app.get("/products", { schema: listSchema }, async (request) => {
  const { page, pageSize } = request.query;
  // One row more than asked tells whether a next page exists (the generated API does the same work).
  const { rows } = await pool.query({ name: "products-page", text: pageOf, values: [pageSize + 1, (page - 1) * pageSize] });
  return { data: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
});

app.post("/products", { schema: createSchema }, async (request, reply) => {
  const { name, sku, priceCents, stock } = request.body;
  // UTC wall time in a timestamp without time zone, as Prisma writes it (the zone in the text is ignored).
  const now = new Date().toISOString();
  try {
    const { rows } = await pool.query({ name: "product-insert", text: insert, values: [name, sku, priceCents, stock, now] });
    return reply.code(201).send(rows[0]);
  } catch (e) {
    if (e.code === "23505") return reply.code(409).send({ error: "sku already exists" });
    throw e;
  }
});

const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: "127.0.0.1" });
console.log(`listening on ${port}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    void app.close().then(() => pool.end()).then(() => process.exit(0));
  });
}

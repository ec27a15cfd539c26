// Baseline (b): Fastify 5 + the SQLite driver directly, the practical limit on this table: prepared
// statements, columns named in SQL, response schemas (fast-json-stringify), WAL, no ORM.
// Same routes and response shapes as the generated API's Products resource (server-pg.mjs: the same
// on PostgreSQL). The driver is this import (bench/throughput.mjs names it in SQLITE_DRIVER).
import Database from "libsql";
import Fastify from "fastify";
import { createSchema, getSchema, listSchema } from "./schemas.mjs";

const file = (process.env.DATABASE_URL ?? "file:./bench.db").replace(/^file:/, "");
const db = new Database(file);
// As the generated API does at start-up (tuneSqlite): write-ahead log, synced at checkpoints.
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");

const columns = "id, name, sku, price_cents AS priceCents, stock, created_at AS createdAt, updated_at AS updatedAt";
const byId = db.prepare(`SELECT ${columns} FROM products WHERE id = ?`);
const pageOf = db.prepare(`SELECT ${columns} FROM products ORDER BY id LIMIT ? OFFSET ?`);
const insert = db.prepare(
  `INSERT INTO products (name, sku, price_cents, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
);

const app = Fastify({ logger: false });

app.get("/products/:id", { schema: getSchema }, async (request, reply) => {
  const product = byId.get(request.params.id);
  if (!product) return reply.code(404).send({ error: "Product not found" });
  return product;
});

app.get("/products", { schema: listSchema }, async (request) => {
  const { page, pageSize } = request.query;
  // One row more than asked tells whether a next page exists (the generated API does the same work).
  const rows = pageOf.all(pageSize + 1, (page - 1) * pageSize);
  return { data: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
});

app.post("/products", { schema: createSchema }, async (request, reply) => {
  const { name, sku, priceCents, stock } = request.body;
  // The text form Prisma's SQLite adapter writes, so that all the apps store the same thing.
  const now = new Date().toISOString().replace("Z", "+00:00");
  try {
    return reply.code(201).send(insert.get(name, sku, priceCents, stock, now, now));
  } catch (e) {
    if (e.code === "SQLITE_CONSTRAINT_UNIQUE") return reply.code(409).send({ error: "sku already exists" });
    throw e;
  }
});

const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: "127.0.0.1" });
console.log(`listening on ${port}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    void app.close().then(() => {
      db.close();
      process.exit(0);
    });
  });
}

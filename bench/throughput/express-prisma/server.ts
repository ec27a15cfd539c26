// Baseline (a): Express 5 + Prisma 7, written the way most tutorials do: express.json(), one
// PrismaClient with a driver adapter (SQLite: the import below, which bench/throughput.mjs names in
// SQLITE_PRISMA_ADAPTER; PostgreSQL: @prisma/adapter-pg), findUnique / findMany / create, res.json.
// Same routes and response shapes as the generated API's Products resource.
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import express from "express";
import { Prisma, PrismaClient } from "./generated/prisma/client.js";

// schema.prisma is the SQLite one, or schema.postgresql.prisma copied over it by the harness.
const url = process.env.DATABASE_URL ?? "file:./bench.db";
const adapter = url.startsWith("postgres") ? new PrismaPg({ connectionString: url }) : new PrismaLibSql({ url });
const prisma = new PrismaClient({ adapter });

const app = express();
app.use(express.json());

app.get("/products/:id", async (req, res) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) {
    res.status(400).json({ error: "id must be an integer" });
    return;
  }
  const product = await prisma.products.findUnique({ where: { id } });
  if (!product) {
    res.status(404).json({ error: "Product not found" });
    return;
  }
  res.json(product);
});

app.get("/products", async (req, res) => {
  const page = Math.max(1, Number(req.query.page) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(req.query.pageSize) || 20));
  // One row more than asked tells whether a next page exists (the generated API does the same work).
  const rows = await prisma.products.findMany({ skip: (page - 1) * pageSize, take: pageSize + 1, orderBy: { id: "asc" } });
  res.json({ data: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize });
});

app.post("/products", async (req, res) => {
  const { name, sku, priceCents, stock } = req.body;
  try {
    const product = await prisma.products.create({ data: { name, sku, priceCents, stock } });
    res.status(201).json(product);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      res.status(409).json({ error: "sku already exists" });
      return;
    }
    throw error;
  }
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void prisma.$disconnect().then(() => process.exit(0));
  });
}

import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ProjectModelInput } from "../../src/scaffold/project-files.js";
import { kebabCase } from "../../src/scaffold/resource-context.js";
import { lowerFirst } from "../../src/schema/naming.js";
import { copyProject } from "../support/generated-project.js";
import { dropPgDatabase, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { removeDir } from "../support/scratch.js";
import { inProject } from "./project-checks.js";

// Several related models and every scalar type: the generated resources (and their generated
// tests, which create the parent rows first) must type-check and pass on each database.
const SHOP: ProjectModelInput[] = [
  { name: "Customers", fields: "email:string(120):unique:email name:string:minLength(2) orders:hasMany(Orders)" },
  { name: "Products", fields: "sku:string(40):unique name:string price:decimal(10,2) stock:int:default(0) data:json? photo:bytes? released:date? big:bigint? ratio:float?" },
  { name: "Orders", fields: "status:enum(pending,paid):default(pending) total:decimal(10,2) customer:belongsTo(Customers) note:text?" },
  { name: "OrderLines", fields: "order:belongsTo(Orders) product:belongsTo(Products) quantity:int:min(1):max(1000)" },
  { name: "Tags", fields: "id:id(uuid) label:string:unique big:bigint flag:boolean when:datetime" },
  { name: "Notes", fields: "body:text products:hasMany(Products)" },
];

describe.each(["sqlite", "postgresql"] as const)("a generated project with related models (%s)", (db) => {
  const database = uniqueDatabaseName("bk_tpl_");
  const dirs: string[] = [];
  const models = db === "postgresql" ? [...SHOP, { name: "Labels", fields: "names:string[] scores:int[]" }] : SHOP;

  afterAll(async () => {
    for (const dir of dirs) removeDir(dir);
    if (db === "postgresql") {
      await dropPgDatabase(database);
      await dropPgDatabase(`${database}_test`);
    }
  }, 15 * 60_000);

  it("type-checks and passes its own tests", async () => {
    const dir = await copyProject(db, { prefix: `bk-tpl-shop-${db}`, models, ...(db === "postgresql" ? { databaseUrl: pgUrl(database) } : {}) });
    dirs.push(dir);
    await inProject(dir, "npx", ["tsc", "--noEmit"]);
    // as Biome formats it: belongsTo, hasMany, enums, every scalar type, the factories
    await inProject(dir, "npm", ["run", "lint"]);
    const result = await inProject(dir, "npm", ["test"], { NO_COLOR: "1" });
    // one test file per model plus the app's own two (health, openapi)
    expect(result.all).toMatch(new RegExp(`Test Files\\s+${models.length + 2} passed`));
  }, 15 * 60_000);

  // Creates, reads by id and unfiltered pages go through the driver adapter (backant/runtime
  // sqlTable), which sends the client's SQL and turns the adapter's values and errors into the
  // client's by the model's types. Every scalar type, set and null, must come back exactly as the
  // Prisma API reads it, and the adapter's refusals as the client's errors (on the test database
  // `npm test` synced).
  it("creates and reads rows through the driver adapter exactly as the Prisma API does, every type set and null", async () => {
    const dir = dirs[0]!;
    writeFileSync(
      path.join(dir, "reads-check.ts"),
      `import { isDeepStrictEqual, inspect } from "node:util";
import { Prisma } from "./src/generated/prisma/client.js";
import { createPrismaClient } from "./src/startup/database.js";
import { testDatabaseUrl } from "./test/database-url.js";
import { clearDatabase } from "./test/helpers.js";
${models.map((m) => `import { ${m.name}Repository } from "./src/repositories/${kebabCase(m.name)}.repository.js";`).join("\n")}

const prisma = createPrismaClient(testDatabaseUrl());
await clearDatabase(prisma);
const problems = [];
const repositories = { ${models.map((m) => `${lowerFirst(m.name)}: new ${m.name}Repository(prisma)`).join(", ")} };
// Through the adapter where the model allows it (json and list columns are the client's to write).
async function create(name, data) {
  const repository = repositories[name];
  const direct = repository.table.insert(data);
  if (direct === null && !["products", "labels"].includes(name)) problems.push(name + " was not created through the adapter");
  const row = await (direct ?? prisma[name].create({ data }));
  const stored = await prisma[name].findFirst({ where: { id: row.id } });
  if (!isDeepStrictEqual(row, stored)) problems.push(name + " create: " + inspect(row) + " vs " + inspect(stored));
  // now() and @updatedAt: one timestamp of the create, as the client sets them
  if (!(Math.abs(Date.now() - row.createdAt.getTime()) < 60_000 && row.updatedAt.getTime() === row.createdAt.getTime())) problems.push(name + " timestamps: " + inspect(row));
  return row;
}
const codeOf = (promise) => promise.then(() => "created", (e) => (e instanceof Prisma.PrismaClientKnownRequestError ? e.code : e.statusCode ? e.statusCode + " " + e.message : String(e)));
const note = await create("notes", { body: "b" });
const customer = await create("customers", { email: "ada@x.io", name: "Ada" });
const order = await create("orders", { status: "paid", total: "12.50", customerId: customer.id, note: "n" });
await create("orders", { total: 0.5, customerId: customer.id });
const full = { sku: "S-1", name: "P", price: "3.10", stock: 2, photo: new Uint8Array([0, 1, 255]), released: new Date("2024-02-29T00:00:00Z"), big: 9007199254740993n, ratio: 0.1, notesId: note.id };
const product = await create("products", { ...full, data: 5 });
await create("products", { ...full, sku: "S-2", data: { a: [1, "x", null], b: { c: true } }, ratio: -2, big: -1n });
await create("products", { sku: "S-3", name: "Q", price: "7" });
await create("orderLines", { orderId: order.id, productId: product.id, quantity: 3 });
await create("tags", { label: "t", big: -5n, flag: true, when: new Date("2026-01-02T03:04:05.678Z") });
await create("tags", { label: "u", big: 0n, flag: false, when: "1970-01-01T00:00:00.000Z" });
${db === "postgresql" ? 'await create("labels", { names: ["a", "b,c", "\\"q\\""], scores: [1, -2] });\nawait create("labels", {});' : ""}
const refusals = {
  unique: await codeOf(repositories.customers.add({ email: "ada@x.io", name: "Again" })),
  missingParent: await codeOf(repositories.orders.add({ total: "1", customerId: 999999 })),
};
let compared = 0;
for (const [name, repository] of Object.entries(repositories)) {
  if (repository.table === undefined) problems.push(name + " does not read through the adapter");
  const expected = await prisma[name].findMany({ orderBy: { id: "asc" } });
  const page = await repository.paginate({ page: 1, pageSize: 50 });
  if (!isDeepStrictEqual(page.data, expected)) problems.push(name + " page: " + inspect(page.data) + " vs " + inspect(expected));
  for (const row of expected) {
    compared++;
    const found = await repository.find(row.id);
    if (!isDeepStrictEqual(found, row)) problems.push(name + " find: " + inspect(found) + " vs " + inspect(row));
  }
}
// Filtered and keyset pages, as listRequestParser builds them, through the adapter where it
// translates them (comparisons joined by AND and OR), through the client where not (contains).
const pages = [
  ["orders", { status: { equals: "paid" } }, [{ id: "asc" }]],
  ["orders", { total: { gt: "1" } }, [{ id: "desc" }]],
  ["orders", { OR: [{ total: { gt: "0.5" } }, { total: { equals: "0.5" }, id: { gt: 0 } }] }, [{ total: "asc" }, { id: "asc" }]],
  ["orders", { AND: [{ customerId: { equals: customer.id } }, { id: { gt: order.id } }] }, [{ id: "asc" }]],
  ["tags", { big: { lt: 0n } }, [{ id: "asc" }]],
  ["tags", { flag: { equals: true }, when: { gte: "2000-01-01T00:00:00.000Z", lte: new Date() } }, [{ when: "desc" }, { id: "desc" }]],
  ["products", { price: { gte: "3.1" }, ratio: { lte: 0.1 } }, [{ sku: "desc" }, { id: "desc" }]],
  ["products", { released: { equals: new Date("2024-02-29T00:00:00Z") } }, [{ id: "asc" }]],
  ["products", { name: { contains: "P" } }, [{ id: "asc" }]],
];
const direct = [];
for (const [name, where, orderBy] of pages) {
  const expected = await prisma[name].findMany({ where, orderBy, take: 51 });
  direct.push(repositories[name].table.page({ where, orderBy, take: 51, skip: 0 }) !== null);
  const page = await repositories[name].paginate({ page: 1, pageSize: 50, where, orderBy });
  if (!isDeepStrictEqual(page.data, expected)) problems.push(name + " page " + inspect(where) + ": " + inspect(page.data) + " vs " + inspect(expected));
  if (expected.length === 0) problems.push(name + " page " + inspect(where) + " matched no row: a weak check");
}
if (direct.join() !== "true,true,true,true,true,true,true,true,false") problems.push("pages through the adapter: " + direct.join());

// A read while an interactive transaction is open never sees its uncommitted rows: on SQLite (one
// connection) it waits for the commit, on PostgreSQL it reads on another connection at once.
let open = true;
const pending = await prisma.$transaction(async (tx) => {
  const inside = await tx.customers.create({ data: { email: "tx@x.io", name: "T" } });
  const read = repositories.customers.find(inside.id).then((row) => ({ found: row !== null, whileOpen: open }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  open = false;
  // In an object: a returned promise would hold the transaction open until the read, which waits for it.
  return { read };
});
const seen = await pending.read;
if (seen.found === seen.whileOpen) problems.push("read beside a transaction: " + inspect(seen));
if (seen.whileOpen !== ${db === "postgresql" ? "true" : "false"}) problems.push("read beside a transaction did not ${db === "postgresql" ? "run at once" : "wait"}: " + inspect(seen));

// After $disconnect the client connects again on its next query; so do the adapter's reads.
await prisma.$disconnect();
const again = await repositories.customers.find(customer.id);
if (again?.email !== "ada@x.io") problems.push("no read after $disconnect: " + inspect(again));
await clearDatabase(prisma);
await prisma.$disconnect();
console.log(JSON.stringify({ compared, problems, refusals }));
`,
    );
    const run = await inProject(dir, "npx", ["tsx", "reads-check.ts"]);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
    expect(result.problems).toEqual([]);
    expect(result.compared).toBe(db === "postgresql" ? 12 : 10);
    // The 409s of the API: the unique field's P2002, and the missing parent named by the repository.
    expect(result.refusals).toEqual({ unique: "P2002", missingParent: "409 customerId matches no customer (id 999999)" });
  }, 5 * 60_000);
});

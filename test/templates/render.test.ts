import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { planProjectFiles, planResourceFiles, modelSetOf, renderModelSources } from "../../src/scaffold/project-files.js";
import { PRISMA_VERSION } from "../../src/scaffold/project-versions.js";
import { routeWiring } from "../../src/scaffold/resource-context.js";
import { validatePrismaSchema } from "../../src/schema/validate-prisma.js";

// Rendering only (no install): the tree the contract lists, for every provider.
const CONTRACT_TREE = [
  ".dockerignore",
  ".env",
  ".env.example",
  ".github/workflows/ci.yml",
  ".gitignore",
  "biome.jsonc",
  "Dockerfile",
  "README.md",
  "client/index.ts",
  "docker-compose-prod.yml",
  "docker-compose.yml",
  "package.json",
  "prisma.config.ts",
  "prisma/schema.prisma",
  "prisma/seed.ts",
  "src/app.ts",
  "src/helper/errors.ts",
  "src/helper/logger.ts",
  "src/helper/openapi.ts",
  "src/helper/pagination.ts",
  "src/models/Users.model.ts",
  "src/repositories/base.repository.ts",
  "src/repositories/users.repository.ts",
  "src/routes/health.route.ts",
  "src/routes/index.ts",
  "src/routes/users.route.ts",
  "src/server.ts",
  "src/services/users.service.ts",
  "src/startup/database.ts",
  "src/startup/environment.ts",
  "src/write-openapi.ts",
  "test/factories/Users.factory.ts",
  "test/factories/support.ts",
  "test/health.test.ts",
  "test/helpers.ts",
  "test/openapi.test.ts",
  "test/users.test.ts",
  "tsconfig.build.json",
  "tsconfig.json",
  "vitest.config.ts",
];

const render = (db: "sqlite" | "postgresql" | "mysql", models?: Parameters<typeof planProjectFiles>[0]["models"]) =>
  planProjectFiles({ name: "my-api", db, backantDependency: "^0.1.0", models });

const fileOf = (files: Array<{ path: string; content: string }>, file: string): string => {
  const found = files.find((f) => f.path === file);
  if (!found) throw new Error(`${file} not planned`);
  return found.content;
};

describe.each(["sqlite", "postgresql", "mysql"] as const)("planProjectFiles (%s)", (db) => {
  it("plans every file of the contract's tree, sorted, relative, deterministic", async () => {
    const files = await render(db);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(CONTRACT_TREE));
    expect(paths).toEqual([...paths].sort());
    expect(paths.every((p) => !p.startsWith("/") && !p.includes("\\"))).toBe(true);
    expect(await render(db)).toEqual(files);
  });

  it("writes package.json per the contract", async () => {
    const pkg = JSON.parse(fileOf(await render(db), "package.json"));
    expect(pkg).toMatchObject({ name: "my-api", type: "module", backant: { provider: db } });
    expect(pkg.scripts).toMatchObject({
      dev: "backant dev",
      build: "tsc -p tsconfig.build.json && node dist/write-openapi.js",
      start: "node dist/server.js",
      test: "vitest run",
      typecheck: "prisma generate && tsc --noEmit",
      lint: "biome check .",
      format: "biome check --write .",
      "db:sync": "backant sync",
      migrate: "backant migrate",
      seed: "backant seed",
    });
    expect(pkg.dependencies).toMatchObject({ prisma: PRISMA_VERSION, "@prisma/client": PRISMA_VERSION, backant: "^0.1.0", fastify: expect.stringMatching(/^\^5\./) });
    const adapter = { sqlite: "@prisma/adapter-libsql", postgresql: "@prisma/adapter-pg", mysql: "@prisma/adapter-mariadb" }[db];
    expect(pkg.dependencies[adapter]).toBe(PRISMA_VERSION);
    // SQLite's driver installs from the registry's prebuilt binaries: nothing compiles.
    if (db === "sqlite") expect(pkg.dependencies.libsql).toMatch(/^\^0\.5\./);
    expect(pkg.dependencies["better-sqlite3"]).toBeUndefined();
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(["typescript", "tsx", "vitest", "@types/node", "pino-pretty"]));
    expect(pkg.dependencies["pino-pretty"]).toBeUndefined();
    // npm 11's allowScripts: the dependencies whose install scripts run (test/create/install.test.ts checks it on a real install).
    expect(pkg.allowScripts).toEqual({ "@prisma/engines": true, esbuild: true, prisma: true });
  });

  it("renders a schema Prisma accepts, for the chosen provider, and the matching driver adapter", async () => {
    const files = await render(db);
    const schema = fileOf(files, "prisma/schema.prisma");
    expect(schema).toContain(`provider = "${db}"`);
    expect(schema).toContain('output   = "../src/generated/prisma"');
    validatePrismaSchema(schema);
    // SQLite: Prisma's libsql adapter with the project's own client (src/startup/sqlite-client.ts).
    const adapterClass = { sqlite: "PreparedLibSql", postgresql: "PrismaPg", mysql: "PrismaMariaDb" }[db];
    expect(fileOf(files, "src/startup/database.ts")).toContain(`new ${adapterClass}(`);
    if (db === "sqlite") expect(fileOf(files, "src/startup/sqlite-client.ts")).toContain("export class PreparedLibSql extends PrismaLibSql {");
    else expect(files.some((f) => f.path === "src/startup/sqlite-client.ts")).toBe(false);
    expect(fileOf(files, "prisma.config.ts")).toContain('seed: "tsx prisma/seed.ts"');
  });

  it("keeps the wiring markers and mounts each model at its kebab-case path", async () => {
    const files = await render(db, [
      { name: "Users", fields: "email:string:unique" },
      { name: "OrderLines", fields: "quantity:int" },
    ]);
    const index = fileOf(files, "src/routes/index.ts");
    expect(index).toContain("// backant:route-imports\n");
    expect(index).toContain("  // backant:routes\n");
    expect(index.indexOf(routeWiring("OrderLines").importLine)).toBeLessThan(index.indexOf("// backant:route-imports"));
    expect(index).toContain('await app.register(orderLinesRoute, { prefix: "/order-lines", prisma });');
    expect(fileOf(files, "src/routes/order-lines.route.ts")).toContain("// backant:subroutes");
    expect(fileOf(files, "src/services/order-lines.service.ts")).toContain("// backant:service-methods");
  });
});

describe("planProjectFiles refusals and resources", () => {
  it("refuses a bad model with an InputError before anything is planned", async () => {
    await expect(render("sqlite", [{ name: "orders", fields: "total:int" }])).rejects.toBeInstanceOf(InputError);
    await expect(render("sqlite", [{ name: "Orders", fields: "customer:belongsTo(Customers)" }])).rejects.toThrow(/Customers/);
    await expect(render("sqlite", [{ name: "Tags", fields: "names:string[]" }])).rejects.toBeInstanceOf(InputError);
    await expect(planProjectFiles({ name: "x", db: "oracle" as never, backantDependency: "^0.1.0" })).rejects.toBeInstanceOf(InputError);
  });

  it("gives add-model the five resource files of one model, with generated foreign keys declared", async () => {
    const set = await modelSetOf(renderModelSources([{ name: "Users", fields: "email:string:unique posts:hasMany(Posts)" }, { name: "Posts", fields: "title:string" }]));
    const files = planResourceFiles(set, "Posts", "postgresql");
    expect(files.map((f) => f.path)).toEqual([
      "src/routes/posts.route.ts",
      "src/services/posts.service.ts",
      "src/repositories/posts.repository.ts",
      "test/posts.test.ts",
      "test/factories/Posts.factory.ts",
    ]);
    // Users.posts (hasMany) makes the renderer add Posts.usersId; the runtime schemas must know it
    const service = fileOf(files, "src/services/posts.service.ts");
    expect(service).toContain('resourceSchemas(PostsModel, {\n');
    expect(service).toContain('  foreignKeys: [{ name: "usersId", keyType: "int", optional: true }],\n');
    // and ?include= may load the user, a relation the renderer generates on Posts
    expect(service).toMatch(/relations: \{\n {4}users: \{ model: UsersModel, list: false \},\n/);
    expect(fileOf(files, "src/repositories/posts.repository.ts")).toContain('const foreignKeys: ExtraForeignKey[] = [{ name: "usersId", keyType: "int", optional: true }];');
  });

  it("renders a factory per model whose values honor the model: unique, lengths, checks, enums, decimals at scale, parents", async () => {
    const models = [
      { name: "Customers", fields: "email:string(60):unique:email name:string:minLength(2):maxLength(40) site:string?:url code:string(8):unique" },
      { name: "Orders", fields: "status:enum(pending,paid) total:decimal(6,2) rate:decimal(3,3) qty:int:min(1):max(5) placed:date customer:belongsTo(Customers)" },
    ];
    const files = await render("sqlite", models);
    const customers = fileOf(files, "test/factories/Customers.factory.ts");
    expect(customers).toContain("let sequence = 0;");
    expect(customers).toContain("    email: email(n, 60),\n");
    expect(customers).toContain("    name: fitText(faker.person.fullName(), 2, 40),\n");
    expect(customers).toContain("    site: url(null),\n");
    expect(customers).toContain("    code: fitText(`${faker.lorem.words(2)}-${n}`, 0, 8),\n");
    expect(customers).toContain('export const factory = { model: "Customers"');
    const orders = fileOf(files, "test/factories/Orders.factory.ts");
    expect(orders).not.toContain("sequence");
    expect(orders).toContain('    status: faker.helpers.arrayElement(["pending", "paid"]),\n');
    expect(orders).toContain("    total: faker.finance.amount({ min: 0, max: 9999, dec: 2 }),\n");
    expect(orders).toContain("    rate: faker.finance.amount({ min: 0, max: 0.999, dec: 3 }),\n");
    expect(orders).toContain("    qty: faker.number.int({ min: 1, max: 5 }),\n");
    expect(orders).toContain('import { createCustomers } from "./Customers.factory.js";');
    expect(orders).toContain("    customerId: changes.customerId ?? (await createCustomers(prisma)).id,\n");
    // the generated test builds its parents and a factory body through them, with faker seeded
    const test = fileOf(files, "test/orders.test.ts");
    expect(test).toContain("  faker.seed(1);\n");
    expect(test).toContain("    customerId: (await createCustomers(prisma)).id,\n");
    expect(test).toContain("await create({ ...buildOrders(), ...(await parents()) });");
    // the seed takes every factory of test/factories, so add-model's new ones too
    expect(fileOf(files, "prisma/seed.ts")).toContain('.filter((name) => name.endsWith(".factory.ts"))');
    const biome = fileOf(files, "biome.jsonc");
    for (const ignored of ["!!**/dist", "!!**/src/generated", "!!**/openapi.json", "!!**/client/schema.d.ts"]) expect(biome).toContain(ignored);
    expect(fileOf(files, ".github/workflows/ci.yml")).toContain("run: npm run lint");
  });

  it("has the repository build its read SQL from the model at run time and read through the adapter, on SQLite and PostgreSQL", async () => {
    const models = [{ name: "OrderLines", fields: "unitPrice:decimal(10,2) note:text?" }];
    for (const db of ["postgresql", "sqlite"] as const) {
      const files = await render(db, models);
      const repository = fileOf(files, "src/repositories/order-lines.repository.ts");
      expect(repository).toContain(`readSqlOf(OrderLinesModel, "${db}", [], "snake_case")`);
      expect(repository).toContain('sqlTable<OrderLinesRow>(prisma, sql, Prisma, "OrderLines")');
      expect(repository).toContain('import { type OrderLines as OrderLinesRow, Prisma, type PrismaClient } from "../generated/prisma/client.js";');
      expect(fileOf(files, "src/startup/database.ts")).toContain("return readThroughAdapter(");
    }
    // MySQL reads through the Prisma API: its adapter's values are not converted here.
    const mysql = await render("mysql", models);
    expect(fileOf(mysql, "src/repositories/order-lines.repository.ts")).not.toContain("readSqlOf");
    expect(fileOf(mysql, "src/repositories/order-lines.repository.ts")).toContain("import type { OrderLines as OrderLinesRow, Prisma, PrismaClient }");
    expect(fileOf(mysql, "src/startup/database.ts")).not.toContain("readThroughAdapter");
  });

  it("mentions the vendored tarball in the Dockerfile only when the dependency is one", async () => {
    const vendored = await planProjectFiles({ name: "a", db: "sqlite", backantDependency: "file:vendor/backant-0.1.0.tgz" });
    expect(fileOf(vendored, "Dockerfile")).toContain("COPY vendor ./vendor");
    expect(fileOf(await render("sqlite"), "Dockerfile")).not.toContain("vendor");
  });
});

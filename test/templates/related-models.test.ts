import { afterAll, describe, expect, it } from "vitest";
import type { ProjectModelInput } from "../../src/scaffold/project-files.js";
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

  afterAll(async () => {
    for (const dir of dirs) removeDir(dir);
    if (db === "postgresql") {
      await dropPgDatabase(database);
      await dropPgDatabase(`${database}_test`);
    }
  }, 15 * 60_000);

  it("type-checks and passes its own tests", async () => {
    const models = db === "postgresql" ? [...SHOP, { name: "Labels", fields: "names:string[] scores:int[]" }] : SHOP;
    const dir = await copyProject(db, { prefix: `bk-tpl-shop-${db}`, models, ...(db === "postgresql" ? { databaseUrl: pgUrl(database) } : {}) });
    dirs.push(dir);
    await inProject(dir, "npx", ["tsc", "--noEmit"]);
    // as Biome formats it: belongsTo, hasMany, enums, every scalar type, the factories
    await inProject(dir, "npm", ["run", "lint"]);
    const result = await inProject(dir, "npm", ["test"], { NO_COLOR: "1" });
    // one test file per model plus the app's own two (health, openapi)
    expect(result.all).toMatch(new RegExp(`Test Files\\s+${models.length + 2} passed`));
  }, 15 * 60_000);
});

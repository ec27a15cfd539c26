import { describe, expect, it } from "vitest";
import { USER, USER_WITH_PHONE } from "../support/prisma-models.js";
import { PROVIDERS, useProjects } from "./harness.js";

describe.each(PROVIDERS)("migrate dev on %s", (provider) => {
  const projects = useProjects();

  it("writes and applies the first migration", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);

    const names = p.migrationNames();
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^\d{14}_init$/);
    expect(p.migrationSql(names[0]!)).toMatch(/CREATE TABLE "User"/);

    expect(await p.db.tables()).toEqual(["User", "_prisma_migrations"]);
    const rows = await p.db.migrationRows();
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null, r.rolled_back_at, r.applied_steps_count])).toEqual([
      [names[0], true, null, 1],
    ]);
  });

  it("applies only the new migration the second time, through a shadow database that is gone afterwards", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);
    await p.db.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io')`);
    const [first] = await p.db.migrationRows();

    p.writeModels(USER_WITH_PHONE);
    await p.prismaOk(["migrate", "dev", "--name", "add_phone"]);

    const names = p.migrationNames();
    expect(names).toHaveLength(2);
    expect(names[1]).toMatch(/_add_phone$/);
    expect(p.migrationSql(names[1]!)).toMatch(/ALTER TABLE "User" ADD COLUMN +"phone" TEXT/);

    const rows = await p.db.migrationRows();
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    // The first migration was not applied again: its row is the same one.
    expect(rows[0]).toEqual(first);
    expect(rows[1]?.finished_at).not.toBeNull();
    expect((await p.db.columns("User")).map((c) => c.name)).toEqual(["id", "email", "phone"]);
    expect(await p.db.query(`SELECT email FROM "User"`)).toEqual([{ email: "a@x.io" }]);
    // Shadow database leftovers are checked by useProjects after the test.
  });

  it("--create-only writes the migration without applying it; a later migrate dev applies it", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);

    p.writeModels(USER_WITH_PHONE);
    await p.prismaOk(["migrate", "dev", "--name", "add_phone", "--create-only"]);
    const names = p.migrationNames();
    expect(names).toHaveLength(2);
    expect(p.migrationSql(names[1]!)).toMatch(/"phone"/);
    expect((await p.db.columns("User")).map((c) => c.name)).not.toContain("phone");
    expect((await p.db.migrationRows()).map((r) => r.migration_name)).toEqual([names[0]]);

    await p.prismaOk(["migrate", "dev"]);
    expect(p.migrationNames()).toEqual(names);
    expect((await p.db.columns("User")).map((c) => c.name)).toContain("phone");
    expect((await p.db.migrationRows()).map((r) => r.migration_name)).toEqual(names);
  });

  it("--create-only then migrate deploy applies the created migration", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);
    p.writeModels(USER_WITH_PHONE);
    await p.prismaOk(["migrate", "dev", "--name", "add_phone", "--create-only"]);

    await p.prismaOk(["migrate", "deploy"]);
    expect((await p.db.columns("User")).map((c) => c.name)).toContain("phone");
    const rows = await p.db.migrationRows();
    expect(rows.map((r) => r.migration_name)).toEqual(p.migrationNames());
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
  });

  it("a data-losing change without a terminal: warns with the row count, writes and applies nothing", async () => {
    const p = await projects.create(provider, USER_WITH_PHONE);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);
    await p.db.execute(`INSERT INTO "User" ("email", "phone") VALUES ('a@x.io', '555')`);

    p.writeModels(USER);
    const run = await p.prisma(["migrate", "dev", "--name", "drop_phone"]);
    expect(run.exitCode).toBe(1);
    // The warning comes from the engine's evaluateDataLoss, which counts the rows it would lose.
    expect(run.output).toMatch(/You are about to drop the column `phone` on the `User` table, which still contains 1 non-null values/);
    expect(run.output).toMatch(/non-interactive/);
    expect(p.migrationNames()).toHaveLength(1);
    expect(await p.db.query(`SELECT phone FROM "User"`)).toEqual([{ phone: "555" }]);
  });

  it("creates an enum type and an index", async () => {
    const p = await projects.create(provider, `
model Order {
  id     Int    @id @default(autoincrement())
  status ${provider === "postgresql" ? "Status" : "String"} @default(${provider === "postgresql" ? "pending" : '"pending"'})
  total  Int
  @@index([status, total])
}
${provider === "postgresql" ? "enum Status {\n  pending\n  paid\n}" : ""}
`);
    await p.prismaOk(["migrate", "dev", "--name", "orders"]);
    const ix = (await p.db.indexes("Order")).find((i) => !i.unique);
    expect(ix?.columns).toEqual(["status", "total"]);
    if (provider === "postgresql") {
      expect(await p.db.enums()).toEqual([{ name: "Status", values: ["pending", "paid"] }]);
      expect((await p.db.columns("Order")).find((c) => c.name === "status")?.type).toBe("Status");
    }
  });
});

import { describe, expect, it } from "vitest";
import { USER, USER_WITH_BIO } from "../support/prisma-models.js";
import { PROVIDERS, useProjects } from "./harness.js";

const USER_AND_POST = `
${USER}
model Post {
  id    Int    @id @default(autoincrement())
  title String
}
`;

describe.each(PROVIDERS)("db push on %s", (provider) => {
  const projects = useProjects();

  it("creates the tables, columns and unique index of the schema", async () => {
    const p = await projects.create(provider, USER_AND_POST);
    const run = await p.prismaOk(["db", "push"]);
    expect(run.output).toMatch(/in sync/);

    expect(await p.db.tables()).toEqual(["Post", "User"]);
    const cols = await p.db.columns("User");
    expect(cols.map((c) => [c.name, c.nullable])).toEqual([
      ["id", false],
      ["email", false],
    ]);
    const unique = (await p.db.indexes("User")).find((i) => i.columns.join() === "email");
    expect(unique?.unique).toBe(true);
  });

  it("adds a required column and an optional column to a table that has rows, keeping the rows", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["db", "push"]);
    await p.db.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io'), ('b@x.io')`);

    p.writeModels(`
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  score Int     @default(0)
}`);
    await p.prismaOk(["db", "push"]);

    const cols = await p.db.columns("User");
    expect(cols.find((c) => c.name === "name")?.nullable).toBe(true);
    expect(cols.find((c) => c.name === "score")?.nullable).toBe(false);
    const rows = await p.db.query<{ email: string; name: unknown; score: unknown }>(
      `SELECT email, name, score FROM "User" ORDER BY email`,
    );
    expect(rows.map((r) => [r.email, r.name, Number(r.score)])).toEqual([
      ["a@x.io", null, 0],
      ["b@x.io", null, 0],
    ]);
  });

  it("refuses to drop a column that holds data without --accept-data-loss", async () => {
    const p = await projects.create(provider, USER_WITH_BIO);
    await p.prismaOk(["db", "push"]);
    await p.db.execute(`INSERT INTO "User" ("email", "bio") VALUES ('a@x.io', 'keep me')`);

    p.writeModels(USER);
    const run = await p.prisma(["db", "push"]);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/data loss|--accept-data-loss/i);
    expect(run.output).toMatch(/bio/);

    expect((await p.db.columns("User")).map((c) => c.name)).toContain("bio");
    const rows = await p.db.query<{ bio: string }>(`SELECT bio FROM "User"`);
    expect(rows).toEqual([{ bio: "keep me" }]);
  });

  it("drops the column with --accept-data-loss", async () => {
    const p = await projects.create(provider, USER_WITH_BIO);
    await p.prismaOk(["db", "push"]);
    await p.db.execute(`INSERT INTO "User" ("email", "bio") VALUES ('a@x.io', 'lose me')`);

    p.writeModels(USER);
    await p.prismaOk(["db", "push", "--accept-data-loss"]);

    expect((await p.db.columns("User")).map((c) => c.name)).toEqual(["id", "email"]);
    expect(await p.db.query(`SELECT email FROM "User"`)).toEqual([{ email: "a@x.io" }]);
  });

  it("--force-reset drops everything, rows included, and recreates the schema", async () => {
    const p = await projects.create(provider, USER_AND_POST);
    await p.prismaOk(["db", "push"]);
    await p.db.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io')`);
    await p.db.execute(`CREATE TABLE "Stray" ("id" INTEGER PRIMARY KEY)`);

    const run = await p.prismaOk(["db", "push", "--force-reset"]);
    expect(run.output).toMatch(/reset/i);

    // A table outside the schema is gone too: the database was emptied, not diffed.
    expect(await p.db.tables()).toEqual(["Post", "User"]);
    expect(await p.db.query(`SELECT * FROM "User"`)).toEqual([]);
  });

  it.runIf(provider === "postgresql")("creates an enum, then adds a value to it, keeping rows", async () => {
    const p = await projects.create(provider, `
model Order {
  id     Int    @id @default(autoincrement())
  status Status @default(pending)
}
enum Status {
  pending
  paid
}`);
    await p.prismaOk(["db", "push"]);
    await p.db.execute(`INSERT INTO "Order" ("status") VALUES ('paid')`);
    p.writeModels(`
model Order {
  id     Int    @id @default(autoincrement())
  status Status @default(pending)
}
enum Status {
  pending
  paid
  refunded
}`);
    await p.prismaOk(["db", "push"]);
    expect(await p.db.enums()).toEqual([{ name: "Status", values: ["pending", "paid", "refunded"] }]);
    expect(await p.db.query(`SELECT status::text AS status FROM "Order"`)).toEqual([{ status: "paid" }]);
  });

  it("with nothing to change, changes nothing", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["db", "push"]);
    await p.db.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io')`);
    const run = await p.prismaOk(["db", "push"]);
    expect(run.output).toMatch(/already in sync/i);
    expect(await p.db.query(`SELECT email FROM "User"`)).toEqual([{ email: "a@x.io" }]);
  });
});

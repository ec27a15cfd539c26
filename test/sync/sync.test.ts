import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dropPgDatabase, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { PROVIDERS, useSyncProjects } from "./project.js";

const USERS_V1 = `  id: t.id(),
  email: t.string().unique(),
  name: t.string(),`;

const emailsOf = (rows: Array<{ email: string }>) => rows.map((row) => row.email).sort();

describe.each(PROVIDERS)("backant sync on %s", (provider) => {
  const projects = useSyncProjects();

  it("applies the common model changes and keeps the rows; refuses a data-losing one and changes nothing", async () => {
    const p = projects.create(provider, { Users: USERS_V1 });

    const first = await p.run(["sync"]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.report).toMatchObject({ ok: true, skipped: false, pushed: true, generated: true, generation: "in-process", schemaWritten: true });
    expect(await p.columns("users")).toEqual(["id", "email", "name"]);
    await p.exec(`INSERT INTO users (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob')`);

    // add a column
    p.writeModel("Users", `${USERS_V1}\n  phone: t.string().optional(),`);
    const added = await p.run(["sync"]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.report).toMatchObject({ skipped: false, reason: "the models changed", pushed: true, generated: true, generation: "in-process" });
    expect(await p.columns("users")).toEqual(["id", "email", "name", "phone"]);
    expect(emailsOf(await p.query(`SELECT email FROM users`))).toEqual(["ann@example.com", "bob@example.com"]);
    await p.exec(`UPDATE users SET phone = '555-' || id`);

    // make it required with a default
    p.writeModel("Users", `${USERS_V1}\n  phone: t.string().default("unknown"),`);
    const required = await p.run(["sync"]);
    expect(required.exitCode, required.stderr).toBe(0);
    await p.exec(`INSERT INTO users (email, name) VALUES ('cid@example.com', 'Cid')`);
    const phones = await p.query<{ email: string; phone: string }>(`SELECT email, phone FROM users ORDER BY email`);
    expect(phones).toEqual([
      { email: "ann@example.com", phone: "555-1" },
      { email: "bob@example.com", phone: "555-2" },
      { email: "cid@example.com", phone: "unknown" },
    ]);

    // rename a field, keeping its column with .map(): nothing to change in the database, a new client
    const renamed = `  id: t.id(),\n  email: t.string().unique(),\n  fullName: t.string().map("name"),\n  phone: t.string().default("unknown"),`;
    p.writeModel("Users", renamed);
    const mapped = await p.run(["sync"]);
    expect(mapped.exitCode, mapped.stderr).toBe(0);
    expect(mapped.report).toMatchObject({ skipped: false, generated: true });
    expect(await p.columns("users")).toEqual(["id", "email", "name", "phone"]);
    expect(readFileSync(path.join(p.dir, "src/generated/prisma/models/Users.ts"), "utf8")).toContain("fullName");
    expect((await p.query<{ name: string }>(`SELECT name FROM users ORDER BY email`)).map((row) => row.name)).toEqual(["Ann", "Bob", "Cid"]);

    // add a relation (a new model, a foreign key on it, the back-relation on Users)
    p.writeModel("Users", `${renamed}\n  posts: t.hasMany("Posts"),`);
    p.writeModel("Posts", `  id: t.id(),\n  title: t.string(),\n  author: t.belongsTo("Users", { onDelete: "cascade" }),`);
    const related = await p.run(["sync"]);
    expect(related.exitCode, related.stderr).toBe(0);
    expect(await p.columns("posts")).toEqual(["id", "title", "author_id"]);
    await p.exec(`INSERT INTO posts (title, author_id) VALUES ('Hello', 1)`);
    expect(emailsOf(await p.query(`SELECT email FROM users`))).toHaveLength(3);

    // drop a column that holds data: refused, and nothing changed anywhere
    const schemaBefore = readFileSync(path.join(p.dir, "prisma/schema.prisma"), "utf8");
    const catalogBefore = await p.catalog();
    p.writeModel("Users", `  id: t.id(),\n  email: t.string().unique(),\n  fullName: t.string().map("name"),\n  posts: t.hasMany("Posts"),`);
    const refused = await p.run(["sync"]);
    expect(refused.exitCode).toBe(2);
    expect(refused.report.error.code).toBe("SYNC_WOULD_LOSE_DATA");
    expect(refused.report.error.message).toMatch(/users\.phone/);
    expect(refused.report.error.hint).toMatch(/backant reset/);
    expect(refused.report.error.hint).toMatch(/CLEAR_DB=true/);
    expect(refused.report.error.hint).toMatch(/backant migrate/);
    expect(refused.report.error.details.changes).toEqual([expect.objectContaining({ table: "users", columns: ["phone"] })]);
    expect(await p.catalog()).toBe(catalogBefore);
    expect(readFileSync(path.join(p.dir, "prisma/schema.prisma"), "utf8")).toBe(schemaBefore);
    expect((await p.query<{ phone: string }>(`SELECT phone FROM users ORDER BY email`)).map((row) => row.phone)).toEqual(["555-1", "555-2", "unknown"]);
    // a refused sync is not remembered as done
    expect((await p.run(["sync"])).exitCode).toBe(2);

    // the explicit choice: the column goes, every row stays
    const accepted = await p.run(["sync", "--accept-data-loss"]);
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    expect(await p.columns("users")).toEqual(["id", "email", "name"]);
    expect(emailsOf(await p.query(`SELECT email FROM users`))).toEqual(["ann@example.com", "bob@example.com", "cid@example.com"]);
    expect(await p.query(`SELECT title FROM posts`)).toEqual([{ title: "Hello" }]);
  }, 600_000);

  it("skips when nothing changed, and not after manual DDL, a deleted client, another DATABASE_URL or a changed model", async () => {
    const p = projects.create(provider, { Users: USERS_V1 });
    expect((await p.run(["sync"])).report).toMatchObject({ ok: true, skipped: false });
    expect((await p.run(["sync"])).report).toMatchObject({ ok: true, skipped: true, pushed: false, generated: false });

    // manual DDL is noticed through the catalog, and undone by the push
    await p.exec(`ALTER TABLE users ADD COLUMN extra INTEGER`);
    const afterDdl = await p.run(["sync"]);
    expect(afterDdl.report).toMatchObject({ ok: true, skipped: false, pushed: true, generated: false });
    expect(afterDdl.report.reason).toMatch(/database/);
    expect(await p.columns("users")).toEqual(["id", "email", "name"]);
    expect((await p.run(["sync"])).report.skipped).toBe(true);

    // a deleted generated client is regenerated; the database is left alone
    rmSync(path.join(p.dir, "src/generated"), { recursive: true });
    const afterDelete = await p.run(["sync"]);
    expect(afterDelete.report).toMatchObject({ ok: true, skipped: false, pushed: false, generated: true });
    expect((await p.run(["sync"])).report.skipped).toBe(true);

    // another database: never taken for the synced one; the first one still is
    const other = provider === "postgresql" ? uniqueDatabaseName("bk_sync_") : undefined;
    const otherUrl = other ? pgUrl(other) : "file:./other.db";
    try {
      const elsewhere = await p.run(["sync"], { DATABASE_URL: otherUrl });
      expect(elsewhere.report).toMatchObject({ ok: true, skipped: false, pushed: true });
      expect((await p.run(["sync"], { DATABASE_URL: otherUrl })).report.skipped).toBe(true);
    } finally {
      if (other) await dropPgDatabase(other);
    }
    expect((await p.run(["sync"])).report.skipped).toBe(true);

    // a model change that renders the same schema: checked, but nothing pushed or generated
    p.writeModel("Users", `${USERS_V1}\n  // a comment only`);
    expect((await p.run(["sync"])).report).toMatchObject({ ok: true, skipped: false, pushed: false, generated: false });
    expect((await p.run(["sync"])).report.skipped).toBe(true);

    // a real model change
    p.writeModel("Users", `${USERS_V1}\n  bio: t.text().optional(),`);
    const changed = await p.run(["sync"]);
    expect(changed.report).toMatchObject({ ok: true, skipped: false, reason: "the models changed", pushed: true, generated: true });
    expect(await p.columns("users")).toContain("bio");
  }, 600_000);
});

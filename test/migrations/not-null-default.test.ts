// An optional column holding NULLs made required with a default, on PostgreSQL: Prisma's
// `ALTER COLUMN ... SET NOT NULL, ALTER COLUMN ... SET DEFAULT` fails on the NULLs (P3018, a failed
// row in _prisma_migrations); backant's migration.sql fills them with the default first.
import { describe, expect, it } from "vitest";
import { SLOW, useMigrationProjects } from "./project.js";

const USERS = `  id: t.id(),
  email: t.string(120).unique(),`;

describe("backant migrate: optional -> required with a default over NULL rows (PostgreSQL)", () => {
  const projects = useMigrationProjects();

  it(
    "fills the NULLs with the default before SET NOT NULL and applies",
    async () => {
      const p = await projects.create("postgresql");
      p.writeModel("Users", `${USERS}\n  phone: t.string(30).optional(),`);
      const init = await p.backant(["migrate", "init"]);
      expect(init.exitCode, init.stderr).toBe(0);
      await p.exec(`INSERT INTO users (email, phone) VALUES ('ann@x.io', '555-0100'), ('bob@x.io', NULL), ('cy@x.io', NULL)`);

      p.writeModel("Users", `${USERS}\n  phone: t.string(30).default("unknown"),`);
      const required = await p.report(["migrate", "phone required"]);
      expect(required.exitCode, JSON.stringify(required.json)).toBe(0);
      expect(required.json).toMatchObject({ created: true, applyState: "applied" });
      expect(required.json.warnings).toEqual([]);
      const sql = p.read(`prisma/migrations/${required.json.migration as string}/migration.sql`);
      expect(sql).toMatch(/-- backant: fill NULLs with the new default before the column is made required\nUPDATE "public"\."users" SET "phone" = 'unknown'::character varying WHERE "phone" IS NULL;\n\n-- AlterTable\nALTER TABLE "users"/);
      expect(sql).not.toMatch(/backant:may-fail/);

      expect(await p.query(`SELECT email, phone FROM users ORDER BY email`)).toEqual([
        { email: "ann@x.io", phone: "555-0100" },
        { email: "bob@x.io", phone: "unknown" },
        { email: "cy@x.io", phone: "unknown" },
      ]);
      const rows = await p.migrationRows();
      expect(rows).toHaveLength(2);
      expect(rows.every((row) => row.finished_at !== null && row.rolled_back_at === null)).toBe(true);
      expect(await p.query(`SELECT is_nullable, column_default FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'phone'`)).toEqual([
        { is_nullable: "NO", column_default: "'unknown'::character varying" },
      ]);
    },
    SLOW,
  );
});

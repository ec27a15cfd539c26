// Issue 10 point 5: backant and Prisma's own CLI share prisma/migrations and _prisma_migrations.
// Migrations backant writes deploy with plain `prisma migrate deploy`; migrations `prisma migrate dev`
// writes are read, deployed and rolled back by backant; each side's records satisfy the other's status.
import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS, SLOW, useMigrationProjects } from "./project.js";

const USERS = `  id: t.id(),
  email: t.string(120).unique(),`;

describe.each(PROVIDERS)("interoperability with the Prisma CLI on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "backant's migrations deploy with prisma migrate deploy, and Prisma's status agrees with backant's records",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      const init = (await p.report(["migrate", "init", "--create-only"])).json.migration as string;
      p.writeModel("Users", `${USERS}\n  phone: t.string(30).optional(),`);
      const phone = (await p.report(["migrate", "add phone", "--create-only"])).json.migration as string;

      const deploy = await p.prisma(["migrate", "deploy"]);
      expect(deploy.exitCode, deploy.stderr).toBe(0);
      expect((await p.migrationRows()).map((row) => row.migration_name)).toEqual([init, phone]);
      expect((await p.report(["migrate", "status"])).json).toMatchObject({ upToDate: true, applied: [init, phone] });

      // and the other way round: rows backant writes satisfy Prisma's status (same checksums)
      expect((await p.report(["rollback", "--force"])).exitCode).toBe(0);
      expect((await p.report(["migrate", "deploy"])).exitCode).toBe(0);
      const status = await p.prisma(["migrate", "status"]);
      expect(status.exitCode, status.stdout + status.stderr).toBe(0);
      expect(status.stdout).toMatch(/Database schema is up to date/);
    },
    SLOW,
  );

  it(
    "prisma migrate dev's migrations: backant reports, deploys to a new database and rolls them back",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      expect((await p.backant(["schema"])).exitCode).toBe(0);
      const first = await p.prisma(["migrate", "dev", "--name", "init"]);
      expect(first.exitCode, first.stderr).toBe(0);
      p.writeModel("Users", `${USERS}\n  phone: t.string(30).optional(),`);
      expect((await p.backant(["schema"])).exitCode).toBe(0);
      const second = await p.prisma(["migrate", "dev", "--name", "add phone"]);
      expect(second.exitCode, second.stderr).toBe(0);
      const names = p.migrations();
      expect(names).toHaveLength(2);

      // Prisma's records: up to date for backant, no drift, models not ahead
      expect((await p.report(["migrate", "status"])).json).toMatchObject({ upToDate: true, applied: names, drift: { detected: false }, modelsAhead: { detected: false } });

      // rolled back by backant (no down.sql: computed from the history with --force), then deployed again
      const rollback = await p.report(["rollback", "--force"]);
      expect(rollback.exitCode, JSON.stringify(rollback.json)).toBe(0);
      expect(rollback.json.rolledBack).toEqual([expect.objectContaining({ name: names[1], down: "generated" })]);
      expect((await p.report(["migrate", "deploy"])).json).toMatchObject({ applied: [names[1]] });
      const prismaStatus = await p.prisma(["migrate", "status"]);
      expect(prismaStatus.stdout).toMatch(/Database schema is up to date/);

      // a new, empty database: backant deploys Prisma's migrations
      if (provider === "sqlite") rmSync(path.join(p.dir, "dev.db"));
      else await p.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
      expect((await p.report(["migrate", "deploy"])).json).toMatchObject({ applied: names });
      expect((await p.report(["migrate", "status"])).json).toMatchObject({ upToDate: true });
    },
    SLOW,
  );
});

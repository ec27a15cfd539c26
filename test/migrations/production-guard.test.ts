// Issue 9 point 1: every destructive path goes through one guard. NODE_ENV=production from the
// shell or from the project's .env refuses (exit 2, nothing changed) unless --allow-production; and
// a database that backant deployed with NODE_ENV=production stays marked production, so the same
// commands are refused against it even when the local environment says development.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { snapshotTree } from "../cli/project.js";
import { PROVIDERS, SLOW, useMigrationProjects, type MigrationTestProject } from "./project.js";

const USERS = `  id: t.id(),
  email: t.string(120).unique(),
  phone: t.string(30).optional(),`;

/** Everything the guard protects: the catalog, the rows, the migration history. */
async function state(p: MigrationTestProject): Promise<unknown> {
  return {
    catalog: await p.catalog(),
    rows: await p.query(`SELECT email, phone FROM users ORDER BY email`),
    history: (await p.migrationRows()).map((row) => row.migration_name),
    files: snapshotTree(path.join(p.dir, "prisma")),
  };
}

async function expectRefused(p: MigrationTestProject, args: string[], env: NodeJS.ProcessEnv, reason: "environment" | "database"): Promise<void> {
  const before = await state(p);
  const run = await p.report(args, env);
  expect(run.exitCode, `${args.join(" ")}: ${JSON.stringify(run.json)}`).toBe(2);
  expect(run.json.error).toMatchObject({ code: "PRODUCTION_REFUSED", details: { reason } });
  expect(run.json.error.hint).toMatch(/--allow-production/);
  expect(await state(p)).toEqual(before);
}

describe.each(PROVIDERS)("the production guard on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "refuses every destructive command when NODE_ENV=production comes from .env or the shell, and from a database marked production",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      expect((await p.report(["migrate", "init"])).exitCode).toBe(0);
      await p.exec(`INSERT INTO users (email, phone) VALUES ('ann@x.io', '555-0100'), ('bob@x.io', NULL)`);
      p.writeModel("Users", USERS.replace("  phone: t.string(30).optional(),", ""));

      // NODE_ENV=production in .env only (the shell's NODE_ENV unset)
      writeFileSync(path.join(p.dir, ".env"), "NODE_ENV=production\n");
      const fromFile = { NODE_ENV: undefined };
      for (const args of [
        ["rollback", "--force"],
        ["rollback", "base", "--force"],
        ["reset", "--force"],
        ["sync", "--accept-data-loss"],
        ["migrate", "drop phone", "--accept-data-loss"],
      ]) {
        await expectRefused(p, args, fromFile, "environment");
      }
      // NODE_ENV=production in the shell
      writeFileSync(path.join(p.dir, ".env"), "");
      await expectRefused(p, ["migrate", "drop phone", "--accept-data-loss"], { NODE_ENV: "production" }, "environment");
      await expectRefused(p, ["rollback", "--force"], { NODE_ENV: "production" }, "environment");

      expect(p.migrations()).toHaveLength(1);
      // a deploy in production marks the database; then development is refused too
      const deploy = await p.report(["migrate", "deploy"], { NODE_ENV: "production" });
      expect(deploy.exitCode, JSON.stringify(deploy.json)).toBe(0);
      for (const args of [["rollback", "--force"], ["reset", "--force"], ["sync", "--accept-data-loss"], ["migrate", "drop phone", "--accept-data-loss"]]) {
        await expectRefused(p, args, {}, "database");
      }
      // a later deploy or sync in development does not clear the mark
      expect((await p.report(["migrate", "deploy"])).exitCode).toBe(0);
      await expectRefused(p, ["rollback", "--force"], {}, "database");

      // the explicit override, informed: the reset rebuilds the database in this environment
      const allowed = await p.report(["reset", "--force", "--allow-production"]);
      expect(allowed.exitCode, JSON.stringify(allowed.json)).toBe(0);
      expect(await p.query(`SELECT email FROM users`)).toEqual([]);
      const rollback = await p.report(["rollback", "--force"]);
      expect(rollback.exitCode, JSON.stringify(rollback.json)).toBe(0);
    },
    SLOW,
  );

  it(
    "backant dev accepts --allow-production, and refuses CLEAR_DB against production without it",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      writeFileSync(path.join(p.dir, "src", "server.ts"), "setInterval(() => {}, 1000);\n");
      const refused = await p.report(["dev"], { NODE_ENV: "production", CLEAR_DB: "true" });
      expect(refused.exitCode).toBe(2);
      expect(refused.json.error).toMatchObject({ code: "PRODUCTION_REFUSED" });
      expect(refused.json.error.hint).toMatch(/--allow-production/);
      const help = await p.backant(["dev", "--help"]);
      expect(help.stdout).toMatch(/--allow-production/);
    },
    SLOW,
  );
});

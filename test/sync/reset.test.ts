import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPrismaConfig } from "../../src/prisma/prisma-config.js";
import { PROVIDERS, useSyncProjects, type SyncTestProject } from "./project.js";

const USERS = `  id: t.id(),\n  email: t.string().unique(),\n  name: t.string(),`;

async function emails(p: SyncTestProject): Promise<string[]> {
  return (await p.query<{ email: string }>(`SELECT email FROM users ORDER BY email`)).map((row) => row.email);
}

describe.each(PROVIDERS)("backant reset and seed on %s", (provider) => {
  const projects = useSyncProjects();

  it("refuses without --force and in production, then drops, rebuilds and seeds with --force", async () => {
    const p = projects.create(provider, { Users: USERS });
    expect((await p.run(["sync"])).exitCode).toBe(0);
    await p.exec(`INSERT INTO users (email, name) VALUES ('keep@example.com', 'Keep')`);
    const catalog = await p.catalog();

    const noForce = await p.run(["reset"]);
    expect(noForce.exitCode).toBe(2);
    expect(noForce.report.error.code).toBe("RESET_NEEDS_FORCE");
    expect(await emails(p)).toEqual(["keep@example.com"]);

    const production = await p.run(["reset", "--force"], { NODE_ENV: "production" });
    expect(production.exitCode).toBe(2);
    expect(production.report.error.code).toBe("PRODUCTION_REFUSED");
    expect(production.report.error.hint).toMatch(/--allow-production/);
    expect(await emails(p)).toEqual(["keep@example.com"]);
    expect(await p.catalog()).toBe(catalog);

    const reset = await p.run(["reset", "--force"]);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.report).toMatchObject({ ok: true, reset: true, rebuiltFrom: "models", seeded: true });
    expect(await emails(p)).toEqual(["seed@example.com"]);
    expect(await p.columns("users")).toEqual(["id", "email", "name"]);
    // the reset is a sync too: the next sync has nothing to do
    expect((await p.run(["sync"])).report.skipped).toBe(true);

    // the seed is idempotent, and runs on its own
    const seed = await p.run(["seed"]);
    expect(seed.exitCode, seed.stderr).toBe(0);
    expect(seed.report).toMatchObject({ ok: true, seeded: true });
    expect(await emails(p)).toEqual(["seed@example.com"]);
  }, 600_000);
});

describe("backant reset and seed, sqlite only", () => {
  const projects = useSyncProjects();

  it("NODE_ENV=production in .env counts; --allow-production is the override", async () => {
    const p = projects.create("sqlite", { Users: USERS });
    expect((await p.run(["sync"])).exitCode).toBe(0);
    await p.exec(`INSERT INTO users (email, name) VALUES ('keep@example.com', 'Keep')`);
    writeFileSync(path.join(p.dir, ".env"), "NODE_ENV=production\n");
    // vitest sets NODE_ENV=test, which would win over .env (the environment always does)
    const refused = await p.run(["reset", "--force"], { NODE_ENV: undefined });
    expect(refused.report.error?.code).toBe("PRODUCTION_REFUSED");
    expect(await emails(p)).toEqual(["keep@example.com"]);

    const overridden = await p.run(["reset", "--force", "--allow-production"], { NODE_ENV: undefined });
    expect(overridden.exitCode, overridden.stderr).toBe(0);
    expect(await emails(p)).toEqual(["seed@example.com"]);
  }, 600_000);

  it("rebuilds from prisma/migrations when there are migrations", async () => {
    const p = projects.create("sqlite", { Users: USERS });
    expect((await p.run(["sync"])).exitCode).toBe(0);
    const draft = await p.run(["migrate", "init", "--create-only"]);
    const created = draft.report.migration as string;
    expect(created).toMatch(/^\d{14}_init$/);
    await p.exec(`INSERT INTO users (email, name) VALUES ('keep@example.com', 'Keep')`);

    const reset = await p.run(["reset", "--force"]);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.report).toMatchObject({ rebuiltFrom: "migrations", migrations: [created], seeded: true });
    expect(await p.query(`SELECT migration_name FROM _prisma_migrations`)).toEqual([{ migration_name: created }]);
    expect(await emails(p)).toEqual(["seed@example.com"]);
  }, 600_000);

  it("seed without a configured seed: exit 2, NO_SEED_CONFIGURED", async () => {
    const p = projects.create("sqlite", { Users: USERS });
    writeFileSync(path.join(p.dir, "prisma.config.ts"), renderPrismaConfig({ provider: "sqlite" }));
    const seed = await p.run(["seed"]);
    expect(seed.exitCode).toBe(2);
    expect(seed.report.error.code).toBe("NO_SEED_CONFIGURED");
    expect(seed.report.error.hint).toMatch(/prisma\.config\.ts/);
  }, 120_000);
});

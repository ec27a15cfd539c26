import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommandFailure } from "../../src/errors.js";
import { dbPush, draftMigration, migrateStatus, validate } from "../../src/prisma/commands.js";
import { runPrisma } from "../../src/prisma/run-prisma.js";
import { renderPrismaConfig } from "../../src/prisma/prisma-config.js";
import { prismaCli } from "../support/paths.js";
import { USER } from "../support/prisma-models.js";
import { cleanEnv, runNode } from "../support/processes.js";
import { schemaText, useProjects } from "./project.js";

describe("runPrisma", () => {
  const projects = useProjects();

  it("refuses MySQL on the offline engine before prisma starts, with what to do", async () => {
    const p = await projects.create("sqlite", USER);
    writeFileSync(path.join(p.dir, "prisma", "schema.prisma"), schemaText("mysql", USER));
    // prisma loads the config first thing: the marker proves whether a prisma process ran
    const marker = path.join(p.dir, "prisma-started");
    writeFileSync(
      path.join(p.dir, "prisma.config.ts"),
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "");\n${renderPrismaConfig({ provider: "mysql" })}`,
    );
    const env = cleanEnv({ DATABASE_URL: "mysql://root@127.0.0.1:3306/bk_run_never" });

    const error = await dbPush({ dir: p.dir, env }, { acceptDataLoss: false, forceReset: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailure);
    const failure = error as CommandFailure;
    expect(failure.exitCode).toBe(1);
    expect(failure.code).toBe("MYSQL_NEEDS_NATIVE_ENGINE");
    expect(failure.message).toMatch(/MySQL needs Prisma's native schema engine/);
    expect(failure.hint).toMatch(/BACKANT_ENGINE=native/);
    expect(failure.hint).toMatch(/download/);
    expect(existsSync(marker)).toBe(false);

    // same project, a command that never starts the schema engine: prisma runs (the marker works)
    const run = await validate({ dir: p.dir, env });
    expect(run.exitCode).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it("turns an unreachable database into a CommandFailure with code P1001 and no stack trace", async () => {
    const p = await projects.create("postgresql", USER);
    const env = cleanEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/bk_run_unreachable" });
    const error = await migrateStatus({ dir: p.dir, env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailure);
    const failure = error as CommandFailure;
    expect(failure.code).toBe("P1001");
    expect(failure.details?.prismaCode).toBe("P1001");
    expect(failure.details?.engine).toBe("offline");
    expect(failure.message).toMatch(/^prisma migrate status failed: /);
    expect(failure.message).not.toMatch(/^\s+at /m);
    expect(failure.message).not.toMatch(/\.rs:\d+/);
  });

  it("stops a prisma run that exceeds its timeout and says so (PRISMA_TIMEOUT)", async () => {
    const p = await projects.create("sqlite", USER);
    const error = await runPrisma({ projectDir: p.dir, args: ["validate"], env: p.env, timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailure);
    expect((error as CommandFailure).code).toBe("PRISMA_TIMEOUT");
    expect((error as CommandFailure).details?.kind).toBe("timeout");
  });

  // PostgreSQL only: on SQLite the offline engine fails this status with P1014 (reported)
  it("reads migrate status for a db-pushed database: not managed, then pending once a migration exists", async () => {
    const p = await projects.create("postgresql", USER);
    await dbPush(p.project, { acceptDataLoss: false, forceReset: false });
    const unmanaged = await migrateStatus(p.project);
    expect(unmanaged.exitCode).toBe(1);
    expect(unmanaged.status).toEqual({ state: "not-managed", migrationCount: 0, baselineCandidate: undefined });

    const draft = await draftMigration(p.project, { name: "init", allowEmpty: false });
    const pending = await migrateStatus(p.project);
    expect(pending.exitCode).toBe(1);
    expect(pending.status).toEqual({ state: "pending", migrationCount: 1, pending: [draft.createdMigration] });
  });

  it("falls back to backant's own prisma when the project has none, and says so", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bk-run-noprisma-"));
    try {
      mkdirSync(path.join(dir, "prisma"));
      writeFileSync(path.join(dir, "prisma", "schema.prisma"), schemaText("sqlite", USER));
      const run = await validate({ dir, env: cleanEnv() });
      expect(run.cli.source).toBe("backant");
      expect(run.cli.path).toBe(prismaCli);
      expect(run.cli.note).toMatch(/prisma is not installed/);
      expect(run.stdout).toMatch(/is valid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("generated prisma.config.ts", () => {
  const projects = useProjects();

  it("lets plain `node node_modules/prisma/build/index.js migrate dev/status` run offline with PRISMA_SCHEMA_ENGINE_BINARY unset", async () => {
    const p = await projects.create("sqlite", USER);
    const env = cleanEnv({ DATABASE_URL: "file:./dev.db", CI: "1" });
    const plain = (args: string[]) => runNode(prismaCli, args, { cwd: p.dir, env, extendEnv: false, stdin: "ignore", timeout: 90_000 });

    const version = await plain(["--version"]);
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/bin\/backant-schema-engine\.js, resolved by PRISMA_SCHEMA_ENGINE_BINARY/);

    const dev = await plain(["migrate", "dev", "--name", "init"]);
    expect(dev.stderr + dev.stdout).not.toMatch(/Error/);
    expect(dev.exitCode).toBe(0);
    expect(await p.tables()).toEqual(["User", "_prisma_migrations"]);
    const status = await plain(["migrate", "status"]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/Database schema is up to date/);

    // the engine was found through node_modules/backant: without it the config leaves Prisma alone
    // (which then tries to download its engine; a dead mirror makes that fail fast)
    rmSync(path.join(p.dir, "node_modules", "backant"));
    const unlinked = await runNode(prismaCli, ["--version"], { cwd: p.dir, env: { ...env, PRISMA_ENGINES_MIRROR: "http://127.0.0.1:9" }, extendEnv: false, stdin: "ignore", timeout: 90_000 });
    expect(unlinked.stdout + unlinked.stderr).not.toMatch(/backant-schema-engine/);
  });

  it("BACKANT_ENGINE=native keeps the config out of the way; a failed engine download becomes ENGINE_DOWNLOAD_FAILED", async () => {
    const p = await projects.create("sqlite", USER);
    // a dead mirror stands in for the unreachable binaries.prisma.sh and fails fast
    const env = { ...p.env, BACKANT_ENGINE: "native", PRISMA_ENGINES_MIRROR: "http://127.0.0.1:9" };
    const error = await migrateStatus({ dir: p.dir, env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailure);
    const failure = error as CommandFailure;
    expect(failure.code).toBe("ENGINE_DOWNLOAD_FAILED");
    expect(failure.details?.engine).toBe("native");
    expect(failure.hint).toMatch(/BACKANT_ENGINE=wasm/);
    expect(String(failure.details?.stderr)).toMatch(/127\.0\.0\.1:9\/all_commits/);
  });

  it("renders MySQL without the offline engine and with the download note", () => {
    const mysql = renderPrismaConfig({ provider: "mysql" });
    expect(mysql).not.toMatch(/PRISMA_SCHEMA_ENGINE_BINARY/);
    expect(mysql).toMatch(/BACKANT_ENGINE=native/);
    const sqlite = renderPrismaConfig({ provider: "sqlite", seedCommand: "node prisma/seed.js" });
    expect(sqlite).toMatch(/seed: "node prisma\/seed\.js"/);
    expect(sqlite).toMatch(/file:\.\/dev\.db/);
  });
});

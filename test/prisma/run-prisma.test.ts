import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommandFailure } from "../../src/errors.js";
import { runPrisma } from "../../src/prisma/run-prisma.js";
import { renderPrismaConfig } from "../../src/prisma/prisma-config.js";
import { prismaCli } from "../support/paths.js";
import { USER } from "../support/prisma-models.js";
import { cleanEnv, runNode } from "../support/processes.js";
import { schemaText, useProjects } from "./project.js";

describe("runPrisma (prisma generate, the one CLI command backant still runs)", () => {
  const projects = useProjects();

  it("stops a prisma run that exceeds its timeout, and a failure carries Prisma's output without a stack", async () => {
    const p = await projects.create("sqlite", USER);
    const timedOut = await runPrisma({ projectDir: p.dir, args: ["validate"], env: p.env, timeoutMs: 1 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(CommandFailure);
    expect((timedOut as CommandFailure).code).toBe("PRISMA_FAILED");
    expect((timedOut as CommandFailure).message).toMatch(/timed out/);

    writeFileSync(path.join(p.dir, "prisma", "schema.prisma"), "model {");
    const broken = await runPrisma({ projectDir: p.dir, args: ["validate", "--schema", "prisma/schema.prisma"], env: p.env }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(CommandFailure);
    expect((broken as CommandFailure).message).toMatch(/prisma validate failed with exit code 1/);
    expect((broken as CommandFailure).message).not.toMatch(/^\s+at /m);
  });

  it("falls back to backant's own prisma when the project has none", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bk-run-noprisma-"));
    try {
      mkdirSync(path.join(dir, "prisma"));
      writeFileSync(path.join(dir, "prisma", "schema.prisma"), schemaText("sqlite", USER));
      const run = await runPrisma({ projectDir: dir, args: ["validate", "--schema", "prisma/schema.prisma"], env: cleanEnv() });
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

  it("BACKANT_ENGINE=native keeps the config out of the way: Prisma then tries its own engine download", async () => {
    const p = await projects.create("sqlite", USER);
    // a dead mirror stands in for the unreachable binaries.prisma.sh and fails fast
    const env = { ...p.env, BACKANT_ENGINE: "native", PRISMA_ENGINES_MIRROR: "http://127.0.0.1:9" };
    const error = await runPrisma({ projectDir: p.dir, args: ["migrate", "status"], env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailure);
    expect(String((error as CommandFailure).details?.stderr)).toMatch(/127\.0\.0\.1:9\/all_commits/);
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

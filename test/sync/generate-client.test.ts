// Issue 10 point 3: the Prisma client is generated in-process with Prisma's own generator packages,
// kept because its output is byte-identical to `prisma generate`: checked here file by file, for a
// schema with relations, enums and every scalar type, on SQLite and PostgreSQL.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateInProcess } from "../../src/sync/generate-client.js";
import { snapshotTree } from "../cli/project.js";
import { enginePath, prismaCli } from "../support/paths.js";
import { cleanEnv, runNode } from "../support/processes.js";
import { useScratchDirs } from "../support/scratch.js";

const MODELS = `
enum Status {
  draft
  published
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  balance   Decimal  @default(0)
  big       BigInt?
  score     Float?
  active    Boolean  @default(true)
  avatar    Bytes?
  meta      Json?
  createdAt DateTime @default(now())
  posts     Post[]
}

model Post {
  id       String @id @default(uuid())
  title    String
  status   Status @default(draft)
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int

  @@index([authorId])
}
`;

const scratch = useScratchDirs("generate-client");

describe.each(["sqlite", "postgresql"])("client generation on %s", (provider) => {
  it("in-process output is byte-identical to `prisma generate`", async () => {
    const dir = scratch({ "package.json": JSON.stringify({ name: "gen", private: true, type: "module" }) });
    const schemaFile = path.join(dir, "schema.prisma");
    writeFileSync(schemaFile, `datasource db {\n  provider = "${provider}"\n}\n\ngenerator client {\n  provider = "prisma-client"\n  output   = "./generated"\n}\n${MODELS}`);

    const cli = await runNode(prismaCli, ["generate", "--schema", schemaFile], { cwd: dir, env: cleanEnv({ CI: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", PRISMA_SCHEMA_ENGINE_BINARY: enginePath }), extendEnv: false, stdin: "ignore" });
    expect(cli.exitCode, cli.stderr).toBe(0);
    const byCli = snapshotTree(path.join(dir, "generated"));
    expect(Object.keys(byCli).length).toBeGreaterThan(5);
    const clientTs = readFileSync(path.join(dir, "generated", "client.ts"), "utf8");

    rmSync(path.join(dir, "generated"), { recursive: true });
    await generateInProcess(schemaFile, dir);
    expect(snapshotTree(path.join(dir, "generated"))).toEqual(byCli);
    expect(readFileSync(path.join(dir, "generated", "client.ts"), "utf8")).toBe(clientTs);
  }, 120_000);
});

import { execFile } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadModelSet } from "../../src/schema/load-models.js";
import type { Provider } from "../../src/project/config.js";
import { renderPrismaSchema } from "../../src/schema/render-prisma.js";
import { formatPrismaSchema, validatePrismaSchema } from "../../src/schema/validate-prisma.js";
import { prismaCli } from "../support/paths.js";
import { removeDir, scratchDir } from "../support/scratch.js";

/**
 * Golden tests: fixture projects' model files in, schema text out. A renderer change fails here
 * until the goldens are rewritten on purpose with UPDATE_GOLDEN=1 (then review the diff).
 */
const fixtures = path.join(import.meta.dirname, "fixtures");
const goldenDir = path.join(import.meta.dirname, "golden");
const update = process.env.UPDATE_GOLDEN === "1";

const cases: { fixture: string; providers: Provider[] }[] = [
  { fixture: "shop", providers: ["postgresql", "sqlite", "mysql"] },
  // Lists, @db.* escape hatches and autoincrement on a non-id column exist on PostgreSQL only.
  { fixture: "postgres-extras", providers: ["postgresql"] },
];
const goldens = cases.flatMap(({ fixture, providers }) => providers.map((provider) => ({ fixture, provider, file: path.join(goldenDir, `${fixture}.${provider}.prisma`) })));

describe.each(goldens)("$fixture on $provider", ({ fixture, provider, file }) => {
  test("renders the golden schema", async () => {
    const text = renderPrismaSchema(await loadModelSet(path.join(fixtures, fixture)), { provider });
    if (update) writeFileSync(file, text);
    expect(existsSync(file), `missing golden ${file}: run UPDATE_GOLDEN=1 npx vitest run test/schema/golden.test.ts`).toBe(true);
    expect(text).toBe(readFileSync(file, "utf8"));
  });

  test("the golden passes Prisma's validator in-process and is already `prisma format`ted", () => {
    const text = readFileSync(file, "utf8");
    expect(() => validatePrismaSchema(text)).not.toThrow();
    expect(formatPrismaSchema(text)).toBe(text);
  });
});

describe("the real prisma CLI", () => {
  // Created in beforeAll, not at collection time, so a filtered run (-t) leaves nothing behind.
  let work = "";
  let engine = "";
  beforeAll(() => {
    work = scratchDir("golden");
    // `prisma validate` never talks to the schema engine, but the CLI insists on finding one before
    // it starts (and would download it). Any executable satisfies that check; this one fails loudly if used.
    engine = path.join(work, "no-engine.sh");
    writeFileSync(engine, "#!/bin/sh\necho 'the schema engine must not be used by validate' >&2\nexit 1\n");
    chmodSync(engine, 0o755);
  });
  afterAll(() => removeDir(work));
  const prismaValidate = (schema: string) =>
    promisify(execFile)(process.execPath, [prismaCli, "validate", "--schema", schema], {
      cwd: work, // no prisma.config.ts here: the schema file is all the CLI reads
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: "1", NO_COLOR: "1" },
    });

  test.each(goldens)("accepts the $provider golden of $fixture", async ({ file }) => {
    const { stdout } = await prismaValidate(file);
    expect(stdout).toMatch(/is valid/);
  });

  test("rejects a broken schema (so the check above can fail)", async () => {
    const broken = path.join(work, "broken.prisma");
    writeFileSync(broken, readFileSync(goldens[0]!.file, "utf8").replace("@id", "@idd"));
    await expect(prismaValidate(broken)).rejects.toMatchObject({ stderr: expect.stringMatching(/idd/) });
  });
});

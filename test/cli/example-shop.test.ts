import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { runCli } from "./project.js";

describe("examples/shop", () => {
  it("has the committed prisma/schema.prisma that its model files generate", async () => {
    const run = await runCli(["schema", "--check", "--cwd", "examples/shop"], repoRoot);
    expect(run.exitCode, `${run.stdout}${run.stderr}\nRun \`node bin/backant.js schema --cwd examples/shop\` and commit the result.`).toBe(0);
    expect(run.stdout).toContain("prisma/schema.prisma is up to date (5 models)");
  });

  it("prints the same schema with --stdout", async () => {
    const run = await runCli(["schema", "--stdout"], path.join(repoRoot, "examples/shop"));
    expect(run.exitCode).toBe(0);
    // execa strips the final newline of stdout.
    expect(run.stdout + "\n").toBe(readFileSync(path.join(repoRoot, "examples/shop/prisma/schema.prisma"), "utf8"));
  });
});

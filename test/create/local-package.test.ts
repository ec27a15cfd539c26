import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { CommandFailure } from "../../src/errors.js";
import { packedTarball, planBackantDependency } from "../../src/scaffold/local-package.js";
import { repoRoot } from "../support/paths.js";
import { useScratchDirs, writeFiles } from "../support/scratch.js";

const scratch = useScratchDirs("h2-pkg");
const fakePackage = (version = "1.2.3") => JSON.stringify({ name: "backant", version, files: ["dist", "templates"] });

describe("the backant dependency of a new project", () => {
  it('is "^<version>" when backant was installed from the registry (inside node_modules)', () => {
    const dir = scratch({ "node_modules/backant/package.json": fakePackage("1.2.3") });
    expect(planBackantDependency(path.join(dir, "node_modules/backant"))).toMatchObject({ spec: "^1.2.3", source: "registry", version: "1.2.3" });
  });

  it("is the vendored tarball when run from a checkout, named by a hash of the packed files only", () => {
    const dir = scratch({ "package.json": fakePackage("0.3.0"), "dist/cli/main.js": "one\n", "templates/a.hbs": "a\n", "src/cli/main.ts": "source\n" });
    const first = planBackantDependency(dir);
    expect(first).toMatchObject({ spec: "file:vendor/backant-0.3.0.tgz", source: "local", vendorFile: "vendor/backant-0.3.0.tgz" });
    expect(first.contentHash).toMatch(/^[0-9a-f]{16}$/);
    expect(planBackantDependency(dir).contentHash).toBe(first.contentHash);

    writeFiles(dir, { "src/cli/main.ts": "changed source, not packed\n" });
    expect(planBackantDependency(dir).contentHash).toBe(first.contentHash);
    writeFiles(dir, { "dist/cli/main.js": "two\n" });
    expect(planBackantDependency(dir).contentHash).not.toBe(first.contentHash);
  });

  it("is this repository's own package here", () => {
    expect(planBackantDependency()).toMatchObject({ source: "local", packageRoot: repoRoot, spec: expect.stringMatching(/^file:vendor\/backant-\d+\.\d+\.\d+\.tgz$/) });
  });

  it("packs once per content hash into the cache", async () => {
    const cache = scratch({});
    const env = { ...process.env, BACKANT_CACHE_DIR: cache };
    const dependency = planBackantDependency();
    const tarball = await packedTarball(dependency, { env });
    expect(tarball).toBe(path.join(cache, "packs", dependency.contentHash as string, `backant-${dependency.version}.tgz`));
    const listing = await execa("tar", ["tzf", tarball]);
    expect(listing.stdout.split("\n")).toEqual(expect.arrayContaining(["package/package.json", "package/dist/cli/main.js", "package/bin/create-backant.js"]));
    expect(listing.stdout).not.toMatch(/^package\/(src|test|node_modules)\//m);

    const mtime = statSync(tarball).mtimeMs;
    expect(await packedTarball(planBackantDependency(), { env })).toBe(tarball);
    expect(statSync(tarball).mtimeMs).toBe(mtime);
  });

  it("removes the work folder a killed run left in the cache", async () => {
    const cache = scratch({});
    const env = { ...process.env, BACKANT_CACHE_DIR: cache };
    const dependency = planBackantDependency();
    // pid 2^22 + 1 is above Linux's pid_max: no process has it.
    const abandoned = path.join(cache, "packs", dependency.contentHash as string, ".pack-4194305-deadbeef");
    writeFiles(abandoned, { "half.tgz": "partial" });
    await packedTarball(dependency, { env });
    expect(existsSync(abandoned)).toBe(false);
    expect(readdirSync(path.dirname(abandoned))).toEqual([`backant-${dependency.version}.tgz`]);
  });

  it("refuses to pack a checkout whose dist/ was not built", async () => {
    const dir = scratch({ "package.json": fakePackage("0.3.0"), "templates/a.hbs": "a\n" });
    const cache = scratch({});
    await expect(packedTarball(planBackantDependency(dir), { env: { ...process.env, BACKANT_CACHE_DIR: cache } })).rejects.toThrow(CommandFailure);
    await expect(packedTarball(planBackantDependency(dir), { env: { ...process.env, BACKANT_CACHE_DIR: cache } })).rejects.toThrow(/dist\/ folder is missing/);
    expect(existsSync(path.join(cache, "packs"))).toBe(false);
  });
});

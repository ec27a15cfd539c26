import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { runCreate } from "./run.js";

/**
 * create-backant makes the project a git repository with one commit (the real git). The projects
 * live under the OS temp folder: the repository's own .tmp/ is inside this checkout's work tree,
 * where create-backant rightly leaves git alone. Each run gets a git configuration of its own
 * (GIT_CONFIG_GLOBAL, no system file), so the machine's identity and settings play no part.
 */

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempParent(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bk-h14-git-"));
  made.push(dir);
  return dir;
}

/** A git environment with this global config file content ("" for none at all). */
function gitEnv(parent: string, globalConfig: string): NodeJS.ProcessEnv {
  const file = path.join(parent, ".gitconfig-test");
  writeFileSync(file, globalConfig);
  return { GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: "1" };
}

const git = async (dir: string, args: string[], env: NodeJS.ProcessEnv) => (await execa("git", args, { cwd: dir, env, reject: false })).stdout;

describe("create-backant and git", () => {
  it("commits the whole project once, by the configured author, on main, with nothing left over", async () => {
    const parent = tempParent();
    const env = gitEnv(parent, "[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n");
    const run = await runCreate(["git-api", "--yes", "--no-install", "--report"], parent, env);
    expect(run.exitCode, run.stderr).toBe(0);
    const dir = path.join(parent, "git-api");
    expect(JSON.parse(run.stdout).git).toMatchObject({ initialized: true, branch: "main" });
    expect((await git(dir, ["log", "--format=%an <%ae>|%s"], env)).split("\n")).toEqual(["Ada Lovelace <ada@example.com>|Initial commit from create-backant"]);
    expect(await git(dir, ["branch", "--show-current"], env)).toBe("main");
    expect(await git(dir, ["status", "--porcelain", "--ignored"], env)).toBe("!! .env");
    const committed = (await git(dir, ["ls-files"], env)).split("\n");
    expect(committed).toEqual(expect.arrayContaining(["package.json", ".gitignore", ".env.example", "src/app.ts", "prisma/schema.prisma"]));
    expect(committed).not.toContain(".env");
  });

  it("commits without a configured identity, with a fallback author", async () => {
    const parent = tempParent();
    const env = gitEnv(parent, "");
    const run = await runCreate(["git-api", "--yes", "--no-install"], parent, env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/git repository on main with a first commit/);
    expect(await git(path.join(parent, "git-api"), ["log", "--format=%an <%ae>"], env)).toBe("create-backant <create-backant@users.noreply.localhost>");
  });

  it("keeps the user's init.defaultBranch", async () => {
    const parent = tempParent();
    const env = gitEnv(parent, "[user]\n\tname = A\n\temail = a@example.com\n[init]\n\tdefaultBranch = trunk\n");
    expect((await runCreate(["git-api", "--yes", "--no-install"], parent, env)).exitCode).toBe(0);
    expect(await git(path.join(parent, "git-api"), ["branch", "--show-current"], env)).toBe("trunk");
  });

  it("makes no repository with --no-git", async () => {
    const parent = tempParent();
    const run = await runCreate(["git-api", "--yes", "--no-install", "--no-git"], parent, gitEnv(parent, ""));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(path.join(parent, "git-api/.git"))).toBe(false);
  });

  it("leaves git alone, quietly, inside an existing work tree", async () => {
    const parent = tempParent();
    const env = gitEnv(parent, "[user]\n\tname = A\n\temail = a@example.com\n");
    await execa("git", ["init", "--quiet"], { cwd: parent, env });
    const run = await runCreate(["git-api", "--yes", "--no-install", "--report"], parent, env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).git).toEqual({ initialized: false, reason: "the folder is inside a git work tree already" });
    expect(existsSync(path.join(parent, "git-api/.git"))).toBe(false);
    expect(await git(parent, ["rev-list", "--all"], env)).toBe("");
  });

  it("creates the project quietly without git installed", async () => {
    const parent = tempParent();
    // A PATH holding node and nothing else.
    const bin = path.join(parent, "bin-without-git");
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, "node"));
    const run = await runCreate(["shop-api", "--yes", "--no-install"], parent, { ...gitEnv(parent, ""), PATH: bin });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/git/i);
    expect(existsSync(path.join(parent, "shop-api/package.json"))).toBe(true);
    expect(existsSync(path.join(parent, "shop-api/.git"))).toBe(false);
  });

  it("still creates the project when the commit fails, without a half-made repository, and says so", async () => {
    const parent = tempParent();
    // Commit signing with a signer that always fails: git init and add work, the commit does not.
    const env = gitEnv(parent, "[user]\n\tname = A\n\temail = a@example.com\n[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n");
    const run = await runCreate(["git-api", "--yes", "--no-install"], parent, env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Note: the project is not a git repository \(git commit: .*gpg.*\); run `git init` in it yourself\.$/m);
    expect(readdirSync(path.join(parent, "git-api"))).not.toContain(".git");
    expect(existsSync(path.join(parent, "git-api/src/app.ts"))).toBe(true);
  });
});

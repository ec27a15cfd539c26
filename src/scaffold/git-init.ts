import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";

/**
 * A new project starts as a git repository with one commit, as with create-t3-app and `rails new`:
 * the first diff a user sees is their own change. Git is a convenience here, never a reason to fail
 * the creation: no git, a folder already inside a work tree (a monorepo), or any git error leave
 * the project without a repository of its own, and the result says why.
 */
export type GitResult = { initialized: true; branch: string; commit: string } | { initialized: false; reason: string };

/** Who the first commit is by when git knows no one (a fresh CI box, a container). */
const FALLBACK_AUTHOR = { name: "create-backant", email: "create-backant@users.noreply.localhost" };

export const INITIAL_COMMIT_MESSAGE = "Initial commit from create-backant";

/**
 * Whether a repository should be made for a project that will live in `parent`: not when git is
 * missing or `parent` is already inside a work tree (the project becomes part of that repository).
 * Asked before anything is written, with the parent, since the staging folder sits beside the target.
 */
export async function gitSkipReason(parent: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  // The parent may not exist yet (create-backant --cwd new/folder): its nearest existing ancestor decides.
  let folder = parent;
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  const inside = await git(["rev-parse", "--is-inside-work-tree"], folder, env);
  if (inside.missing) return "git is not installed";
  if (inside.exitCode === 0 && inside.stdout.trim() === "true") return "the folder is inside a git work tree already";
  return undefined;
}

/** `git init` and one commit of everything in `dir` (its .gitignore applies). Never throws. */
export async function initRepository(dir: string, env: NodeJS.ProcessEnv): Promise<GitResult> {
  try {
    // The user's init.defaultBranch wins; otherwise main, not git's historical master.
    const configured = await git(["config", "--get", "init.defaultBranch"], dir, env);
    const branch = configured.exitCode === 0 && configured.stdout.trim() ? configured.stdout.trim() : "main";
    await must(["init", "--quiet", `--initial-branch=${branch}`], dir, env);
    await must(["add", "--all"], dir, env);
    // An identity only when git has none: a configured one (global, system, GIT_AUTHOR_*) is theirs.
    const identity = [];
    if (!(await hasSetting("user.name", "GIT_AUTHOR_NAME", dir, env))) identity.push("-c", `user.name=${FALLBACK_AUTHOR.name}`);
    if (!(await hasSetting("user.email", "GIT_AUTHOR_EMAIL", dir, env))) identity.push("-c", `user.email=${FALLBACK_AUTHOR.email}`);
    // --no-verify: global hooks (core.hooksPath) judge the user's code, not the generator's output.
    await must([...identity, "commit", "--quiet", "--no-verify", "-m", INITIAL_COMMIT_MESSAGE], dir, env);
    const head = await must(["rev-parse", "HEAD"], dir, env);
    return { initialized: true, branch, commit: head.trim() };
  } catch (error) {
    // A half-made repository (initialized, commit refused by a signing setup) is worse than none.
    rmSync(path.join(dir, ".git"), { recursive: true, force: true });
    return { initialized: false, reason: (error as Error).message };
  }
}

async function hasSetting(key: string, envName: string, dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (env[envName]) return true;
  const value = await git(["config", "--get", key], dir, env);
  return value.exitCode === 0 && value.stdout.trim() !== "";
}

interface GitRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  missing: boolean;
}

async function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<GitRun> {
  const result = await execa("git", args, {
    cwd,
    env: { ...env, GIT_TERMINAL_PROMPT: "0" },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    // A commit-signing program waiting for a passphrase must not hold the creation forever.
    timeout: 60_000,
  });
  const missing = (result as { code?: string }).code === "ENOENT";
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? ""), missing };
}

async function must(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await git(args, cwd, env);
  if (result.exitCode !== 0) {
    const said = result.stderr.split("\n").find((line) => line.trim() !== "") ?? (result.missing ? "git is not installed" : `exit ${result.exitCode}`);
    const subcommand = args.find((arg, index) => !arg.startsWith("-") && args[index - 1] !== "-c");
    throw new Error(`git ${subcommand}: ${said.trim()}`);
  }
  return result.stdout;
}

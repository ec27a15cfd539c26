import { stripVTControlCharacters } from "node:util";

/**
 * What went wrong in a prisma run, read from its output. Prisma prints its errors as text
 * ("Error: P1001: Can't reach ...", "Error: P3006\n\nMigration ...", "Error code: P1012"), and
 * the refusals it makes when nobody can answer a prompt as fixed sentences; these are matched here
 * so callers get a kind and a code instead of a wall of text.
 */
export type PrismaFailureKind =
  /** a Prisma error with or without a P-code */
  | "prisma-error"
  /** migrate dev found data-loss warnings and would have to ask (MigrateDevEnvNonInteractiveError) */
  | "migrate-dev-non-interactive"
  /** migrate dev found drift or edited migrations and wants to reset the database (exit 130) */
  | "migrate-dev-needs-reset"
  /** migrate dev found steps it cannot run (e.g. a required column without default on a table with rows) */
  | "unexecutable-steps"
  /** migrate reset without --force and no TTY (MigrateResetEnvNonInteractiveError) */
  | "reset-needs-force"
  /** db push would lose data and --accept-data-loss was not given (DbPushIgnoreWarningsWithFlagError) */
  | "data-loss-not-accepted"
  /** Prisma's AI-agent guard refused a destructive command until the user consents */
  | "ai-consent-required"
  /** the native engine had to be downloaded and could not be */
  | "engine-download"
  | "timeout";

export interface PrismaFailureInfo {
  kind: PrismaFailureKind;
  /** Prisma's error code (P1001, P3006, ...) when it printed one. */
  prismaCode: string | undefined;
  /** Prisma's message, without stack or span traces, ANSI codes removed. */
  message: string;
}

export function analyzePrismaFailure(stdout: string, stderr: string, exitCode: number): PrismaFailureInfo {
  const out = stripVTControlCharacters(stdout);
  const err = stripVTControlCharacters(stderr);
  const all = `${out}\n${err}`;

  if (all.includes("Prisma Migrate detected that it was invoked by")) {
    return { kind: "ai-consent-required", prismaCode: undefined, message: errorBlock(err) ?? err.trim() };
  }
  if (/environment is non-interactive, which is not supported/.test(all)) {
    return { kind: "migrate-dev-non-interactive", prismaCode: undefined, message: warningsBlock(out) ?? errorBlock(err) ?? err.trim() };
  }
  if (/environment is non-interactive\. It is recommended/.test(all)) {
    return { kind: "reset-needs-force", prismaCode: undefined, message: errorBlock(err) ?? err.trim() };
  }
  if (/Use the --accept-data-loss flag/.test(all)) {
    return { kind: "data-loss-not-accepted", prismaCode: undefined, message: warningsBlock(out) ?? errorBlock(err) ?? err.trim() };
  }
  if (/We found changes that cannot be executed/.test(all)) {
    return { kind: "unexecutable-steps", prismaCode: undefined, message: errorBlock(err) ?? err.trim() };
  }
  // migrate dev prints why it wants a reset on stdout and exits 130 without an "Error:" line.
  if (exitCode === 130 && /We need to reset the/.test(out)) {
    return { kind: "migrate-dev-needs-reset", prismaCode: undefined, message: resetReason(out) };
  }
  if (/binaries\.prisma\.sh|all_commits\/[0-9a-f]{40}\/|Failed to fetch (the engine file|sha256 checksum)|Could not find schema-engine binary/.test(all)) {
    return { kind: "engine-download", prismaCode: undefined, message: errorBlock(err) ?? err.trim() };
  }
  const block = errorBlock(err) ?? errorBlock(out);
  return { kind: "prisma-error", prismaCode: prismaCodeIn(all), message: block ?? lastLines(err || out) };
}

/** The first Prisma error code in the output: "Error: P1001:", "Error: P3006", "Error code: P1012", JSON error_code. */
export function prismaCodeIn(text: string): string | undefined {
  const patterns = [/^Error: (P\d{4})\b/m, /Error code: (P\d{4})\b/, /"error_code"\s*:\s*"(P\d{4})"/, /\b(P[1-5]\d{3})\b/];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * From the first "Error:" line to the end, without the Rust span trace the engine appends
 * ("   0: schema_engine_wasm::...", "with ...", "at file.rs:223") or JS stack frames, and without
 * the leading P-code, which the caller keeps separately.
 */
function errorBlock(text: string): string | undefined {
  const start = text.search(/^Error:/m);
  if (start < 0) return undefined;
  const kept: string[] = [];
  for (const line of text.slice(start).split("\n")) {
    if (/^\s+\d+: \S+::/.test(line)) break;
    if (/^\s+at .+:\d+(:\d+)?\)?$/.test(line)) continue;
    kept.push(line);
  }
  const message = kept
    .join("\n")
    .replace(/^Error:\s*/, "")
    .replace(/^P\d{4}(:\s*|\s*\n+)/, "")
    .trim();
  return message === "" ? undefined : message;
}

/** The data-loss warnings Prisma printed on stdout before refusing. */
function warningsBlock(text: string): string | undefined {
  const start = text.search(/Warnings for the current datasource|You are about to/);
  if (start < 0) return undefined;
  return text.slice(start).trim();
}

/** The drift / modified-migration explanation migrate dev printed before "We need to reset ...". */
function resetReason(stdout: string): string {
  const lines = stdout.split("\n");
  const datasourceLine = lines.findIndex((line) => line.startsWith("Datasource "));
  const body = lines.slice(datasourceLine + 1).join("\n");
  return body.replace(/\n?You may use .* migrate reset.*$/ms, "").trim();
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-20).join("\n");
}

import { stripVTControlCharacters } from "node:util";

/**
 * The answer of `prisma migrate status`, read from the sentences Prisma 7.10 prints
 * (packages/migrate/src/commands/MigrateStatus.ts). Prisma exits 0 only when up to date.
 * Prisma's status does not compare the schema with the database (no shadow database), so schema
 * drift is not reported here; "diverged" is the migration-history mismatch it does report.
 */
export type MigrateStatus =
  | { state: "up-to-date"; migrationCount: number }
  /** migrations in the folder that the database has not applied */
  | { state: "pending"; migrationCount: number; pending: string[] }
  /** migrations the database recorded as started but not finished */
  | { state: "failed"; migrationCount: number; failed: string[] }
  /** local folder and the database's _prisma_migrations table disagree */
  | { state: "diverged"; migrationCount: number; lastCommon: string | undefined; pending: string[]; missingLocally: string[] }
  /** the database has no _prisma_migrations table (empty, or created by db push / by hand) */
  | { state: "not-managed"; migrationCount: number; baselineCandidate: string | undefined };

/** undefined when the output matches no known state (then the run failed for another reason). */
export function parseMigrateStatus(stdoutRaw: string, stderrRaw: string, exitCode: number): MigrateStatus | undefined {
  const stdout = stripVTControlCharacters(stdoutRaw);
  const stderr = stripVTControlCharacters(stderrRaw);
  const all = `${stdout}\n${stderr}`;
  const countMatch = /(\d+) migrations? found in /.exec(stdout);
  const migrationCount = countMatch ? Number(countMatch[1]) : 0;

  if (exitCode === 0 && /Database schema is up to date!/.test(all)) return { state: "up-to-date", migrationCount };

  const diverged = /Your local migration history and the migrations table from your database are different/.test(all);
  if (diverged) {
    return {
      state: "diverged",
      migrationCount,
      lastCommon: /The last common migration is: (\S+)/.exec(all)?.[1],
      pending: listAfter(all, /The migrations? have not yet been applied:\n/),
      missingLocally: listAfter(all, /The migrations? from the database are not found locally in [^\n]*:\n/),
    };
  }
  if (/Following migrations? have not yet been applied:/.test(all)) {
    return { state: "pending", migrationCount, pending: listAfter(all, /Following migrations? have not yet been applied:\n/) };
  }
  if (/Following migrations? have failed:/.test(all)) {
    return { state: "failed", migrationCount, failed: listAfter(all, /Following migrations? have failed:\n/) };
  }
  if (/The current database is not managed by Prisma Migrate/.test(all)) {
    return { state: "not-managed", migrationCount, baselineCandidate: /baseline this database with the migration "([^"]+)"/.exec(all)?.[1] };
  }
  return undefined;
}

/** Lines after a heading, up to the first blank line. */
function listAfter(text: string, heading: RegExp): string[] {
  const match = heading.exec(text);
  if (!match) return [];
  const rest = text.slice(match.index + match[0].length);
  const lines: string[] = [];
  for (const line of rest.split("\n")) {
    if (line.trim() === "") break;
    lines.push(line.trim());
  }
  return lines;
}

import { stripVTControlCharacters } from "node:util";

/**
 * One of Prisma's data-loss warnings or unexecutable steps, as printed by `prisma db push`
 * ("• You are about to drop the column `phone` on the `users` table, which still contains 2
 * non-null values."), with the table and columns it names picked out for the refusal message.
 */
export interface DataLossChange {
  /** "warning": applies with --accept-data-loss; "unexecutable": cannot be applied to the rows there (a reset can). */
  kind: "warning" | "unexecutable";
  table: string | undefined;
  columns: string[];
  /** Prisma's sentence, unchanged. */
  message: string;
}

/**
 * Reads the bullets of Prisma's "There might be data loss" (warnings) and "We found changes that
 * cannot be executed" (unexecutable) sections from db push's output.
 */
export function parseDataLossChanges(stdout: string, stderr: string): DataLossChange[] {
  const text = stripVTControlCharacters(`${stdout}\n${stderr}`);
  const changes: DataLossChange[] = [];
  let kind: DataLossChange["kind"] = "warning";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (/cannot be executed/i.test(line)) kind = "unexecutable";
    else if (/might be data loss/i.test(line)) kind = "warning";
    const bullet = /^•\s*(.+)$/.exec(line)?.[1];
    if (bullet === undefined) continue;
    if (changes.some((change) => change.message === bullet)) continue;
    changes.push({ kind, ...namesIn(bullet), message: bullet });
  }
  return changes;
}

function namesIn(sentence: string): { table: string | undefined; columns: string[] } {
  const table =
    /`([^`]+)` table/.exec(sentence)?.[1] ?? // "on the `users` table", "drop the `posts` table"
    /\btable `([^`]+)`/.exec(sentence)?.[1]; // "on the table `users`", "on table `users`"
  const columns = new Set<string>();
  for (const match of sentence.matchAll(/\bcolumns? `([^`]+)`/g)) {
    for (const name of (match[1] ?? "").replace(/^\[|\]$/g, "").split(",")) if (name.trim()) columns.add(name.trim());
  }
  // "Changed the type of `age` on the `users` table"
  const typeOf = /type of `([^`]+)`/.exec(sentence)?.[1];
  if (typeOf) columns.add(typeOf);
  return { table, columns: [...columns] };
}

/** "users.phone, users.name, posts (table)" for the one-line summary. */
export function describeChanges(changes: readonly DataLossChange[]): string {
  const named = changes.map((change) => {
    if (change.table === undefined) return change.message;
    return change.columns.length === 0 ? `table ${change.table}` : change.columns.map((column) => `${change.table}.${column}`).join(", ");
  });
  return [...new Set(named)].join("; ");
}

import type { Catalog, ColumnInfo } from "./catalog.js";

/**
 * What a schema change does to the rows already there, judged from the schema before and after
 * (two catalogs read from real databases), as Prisma's destructive change checker judges its
 * migration steps, but without looking at the rows: a migration is written in development and
 * reviewed for production, whose rows nobody here can count.
 * - data-loss: values disappear (a table or column dropped, a column's type changed);
 * - may-fail: nothing is lost, but the change fails on some existing rows (a required column
 *   without a default, NULLs in a column made required, duplicates under a new unique index,
 *   enum values still in use, a new primary key).
 * A column made required that also gets a default is filled first where the database alters
 * columns in place (PostgreSQL, MySQL), as Rails' change_column_null does: the fill is an UPDATE
 * writing the default into its NULLs, so the change cannot fail on them. SQLite rebuilds the table
 * and Prisma's copy already takes the default for NULLs.
 */
export type ChangeRisk = "data-loss" | "may-fail";

export interface RiskFinding {
  risk: ChangeRisk;
  table: string;
  column?: string;
  /** One sentence, e.g. `drops column "phone" of table "users"`. */
  message: string;
}

/** An UPDATE that writes a column's new default into its NULLs before it is made required. */
export interface NullFill {
  table: string;
  column: string;
  sql: string;
}

export interface ChangeAssessment {
  findings: RiskFinding[];
  fills: NullFill[];
}

export interface AssessOptions {
  provider: "sqlite" | "postgresql" | "mysql";
  /** PostgreSQL: the schema the tables live in, to qualify the fills (Prisma's scripts qualify theirs). */
  schema?: string;
}

export function assessChange(before: Catalog, after: Catalog, options: AssessOptions): ChangeAssessment {
  const findings: RiskFinding[] = [];
  const fills: NullFill[] = [];
  for (const [name, old] of Object.entries(before.tables)) {
    const next = after.tables[name];
    if (!next) {
      findings.push({ risk: "data-loss", table: name, message: `drops table "${name}" and all its rows` });
      continue;
    }
    for (const [column, was] of Object.entries(old.columns)) {
      const now = next.columns[column];
      if (!now) {
        findings.push({ risk: "data-loss", table: name, column, message: `drops column "${column}" of table "${name}"` });
        continue;
      }
      if (now.type !== was.type) {
        findings.push({ risk: "data-loss", table: name, column, message: `changes column "${column}" of table "${name}" from ${was.type} to ${now.type}: values that do not convert are lost or make it fail` });
      }
      if (now.notNull && !was.notNull) {
        if (now.default !== null && options.provider !== "sqlite") fills.push(fillFor(name, column, now, options));
        else if (now.default === null) findings.push({ risk: "may-fail", table: name, column, message: `makes column "${column}" of table "${name}" required: fails if it holds NULLs` });
      }
    }
    for (const [column, added] of Object.entries(next.columns)) {
      if (old.columns[column] || !added.notNull || added.default !== null) continue;
      findings.push({ risk: "may-fail", table: name, column, message: `adds required column "${column}" to table "${name}" without a default: fails if the table has rows` });
    }
    if (old.primaryKey.length > 0 && next.primaryKey.join(",") !== old.primaryKey.join(",")) {
      findings.push({ risk: "may-fail", table: name, message: `changes the primary key of table "${name}" to (${next.primaryKey.join(", ")}): fails if those values repeat` });
    }
    const oldUnique = new Set(Object.values(old.indexes).filter((index) => index.unique).map((index) => index.columns.join(",")));
    if (old.primaryKey.length > 0) oldUnique.add(old.primaryKey.join(","));
    for (const [index, info] of Object.entries(next.indexes)) {
      if (!info.unique || oldUnique.has(info.columns.join(","))) continue;
      // Unique over columns that are new too: a new column holds NULLs or one default, judged above.
      if (!info.columns.every((column) => old.columns[column])) continue;
      findings.push({ risk: "may-fail", table: name, message: `adds unique index "${index}" on table "${name}" (${info.columns.join(", ")}): fails if it holds duplicates` });
    }
  }
  for (const [name, values] of Object.entries(before.enums)) {
    const next = after.enums[name];
    if (!next) continue;
    const removed = values.filter((value) => !next.includes(value));
    if (removed.length > 0) findings.push({ risk: "may-fail", table: name, message: `removes ${removed.map((value) => `"${value}"`).join(", ")} from enum "${name}": fails if rows still use ${removed.length === 1 ? "it" : "them"}` });
  }
  return { findings, fills };
}

function fillFor(table: string, column: string, info: ColumnInfo, options: AssessOptions): NullFill {
  const quote = (name: string) => (options.provider === "mysql" ? `\`${name.replace(/`/g, "``")}\`` : `"${name.replace(/"/g, '""')}"`);
  const qualified = options.provider === "postgresql" && options.schema && !table.includes(".") ? `${quote(options.schema)}.${quote(table)}` : table.split(".").map(quote).join(".");
  return { table, column, sql: `UPDATE ${qualified} SET ${quote(column)} = ${info.default} WHERE ${quote(column)} IS NULL;` };
}

export const DATA_LOSS_MARKER = "-- backant:data-loss";
export const MAY_FAIL_MARKER = "-- backant:may-fail";
export const FILL_COMMENT = "-- backant: fill NULLs with the new default before the column is made required";

/** The marker lines for a script's findings, one a finding. */
export function markerLines(findings: readonly RiskFinding[]): string[] {
  return findings.map((finding) => `${finding.risk === "data-loss" ? DATA_LOSS_MARKER : MAY_FAIL_MARKER} ${finding.message}`);
}

/** The data-loss marker lines of a script (what running it loses), without the marker prefix. */
export function dataLossMarkersIn(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => line.startsWith(DATA_LOSS_MARKER))
    .map((line) => line.slice(DATA_LOSS_MARKER.length).trim());
}

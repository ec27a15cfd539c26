import { splitSqlStatements, splitTopLevel, type SqlStatement } from "./sql-statements.js";

/**
 * What running a migration script can do to existing rows, read from the script itself.
 * `migrate diff --script` prints no warnings (migrate dev's come from a database-specific check we
 * cannot run without a prompt), so backant reads the SQL Prisma generates:
 * - data-loss: rows or values disappear (DROP TABLE, DROP COLUMN, a type change, a SQLite table
 *   rebuilt without some of its columns, DELETE/TRUNCATE in a hand-edited script);
 * - may-fail: nothing is lost, but the statement fails on some existing data (a required column
 *   without default on a table with rows, SET NOT NULL over NULLs, a unique index over duplicates).
 * SQLite rebuilds a table to change it ("RedefineTables"); which columns the old table had is read
 * from the script of the opposite direction (the down script for an up script and vice versa),
 * whose rebuild or ADD COLUMN of the same table names them.
 * A column made required that also gets a default in the same script is filled first (as Rails'
 * change_column_null does): an UPDATE writes the default into its NULLs before the ALTER, so the
 * statement cannot fail on them and is not marked may-fail. SQLite's rebuild fills it already.
 */
export type ChangeRisk = "data-loss" | "may-fail";

export interface RiskFinding {
  risk: ChangeRisk;
  /** Index into the statements of the script. */
  statement: number;
  table: string;
  column?: string;
  /** One sentence, e.g. `drops column "phone" of table "users"`. */
  message: string;
}

/** An UPDATE written above statement `statement`: NULLs of the column get its new default. */
export interface NullFill {
  statement: number;
  table: string;
  column: string;
  /** The UPDATE, identifiers quoted as the script quotes them. */
  sql: string;
}

export interface ScriptRisks {
  statements: SqlStatement[];
  findings: RiskFinding[];
  fills: NullFill[];
}

const IDENT = String.raw`["\`]([^"\`]+)["\`]`;
/** An optionally schema-qualified identifier; the capture is the last part. */
const QUALIFIED = String.raw`(?:["\`][^"\`]+["\`]\.)?${IDENT}`;
const re = (source: string) => new RegExp(source, "i");

interface ColumnDef {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

/** Columns of a CREATE TABLE body, constraints left out. */
function columnsOfCreate(code: string): ColumnDef[] | undefined {
  const open = code.indexOf("(");
  const close = code.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const columns: ColumnDef[] = [];
  for (const part of splitTopLevel(code.slice(open + 1, close))) {
    const match = re(`^${IDENT}\\s+(.*)$`).exec(part);
    if (!match) continue; // CONSTRAINT, PRIMARY KEY (...), FOREIGN KEY (...), UNIQUE (...)
    const rest = match[2] ?? "";
    columns.push({
      name: match[1] ?? "",
      type: (/^(\S+(?:\s*\([^)]*\))?)/.exec(rest)?.[1] ?? "").toUpperCase(),
      notNull: /\bNOT NULL\b/i.test(rest) || /\bPRIMARY KEY\b/i.test(rest),
      hasDefault: /\bDEFAULT\b/i.test(rest) || /\bAUTOINCREMENT\b/i.test(rest),
    });
  }
  return columns;
}

/** What a script says about the tables on its *target* side, for the opposite direction's analysis. */
interface TargetKnowledge {
  /** Full column lists of tables the script creates or rebuilds. */
  definitions: Map<string, ColumnDef[]>;
  /** Columns the script adds with ALTER TABLE ... ADD COLUMN, by table. */
  added: Map<string, Set<string>>;
}

function targetKnowledge(statements: SqlStatement[]): TargetKnowledge {
  const definitions = new Map<string, ColumnDef[]>();
  const added = new Map<string, Set<string>>();
  for (const { code } of statements) {
    const create = re(`^CREATE TABLE ${QUALIFIED}`).exec(code);
    if (create?.[1]) {
      const columns = columnsOfCreate(code);
      if (columns) definitions.set(create[1].replace(/^new_/, ""), columns);
      continue;
    }
    const alter = re(`^ALTER TABLE ${QUALIFIED}\\s+(.*)$`).exec(code);
    if (alter?.[1]) {
      for (const action of splitTopLevel(alter[2] ?? "")) {
        const add = re(`^ADD (?:COLUMN\\s+)?${IDENT}`).exec(action);
        if (add?.[1] && !/^ADD (CONSTRAINT|PRIMARY|FOREIGN|UNIQUE|CHECK)\b/i.test(action)) {
          const set = added.get(alter[1]) ?? new Set<string>();
          set.add(add[1]);
          added.set(alter[1], set);
        }
      }
    }
  }
  return { definitions, added };
}

/**
 * The risky statements of `script`. `opposite` is the script of the other direction (down for up,
 * up for down), used to know the columns a SQLite rebuild leaves behind; without it a rebuild is
 * judged only by the columns it adds.
 */
export function analyzeScript(script: string, opposite?: string): ScriptRisks {
  const statements = splitSqlStatements(script);
  const source = opposite === undefined ? undefined : targetKnowledge(splitSqlStatements(opposite));
  const findings: RiskFinding[] = [];
  const add = (finding: RiskFinding) => findings.push(finding);
  const fills: NullFill[] = [];
  const defaults = defaultsSet(script, statements);

  statements.forEach(({ code }, index) => {
    const rebuild = re(`^CREATE TABLE ["\`]new_([^"\`]+)["\`]`).exec(code);
    if (rebuild?.[1]) return; // judged at its INSERT ... SELECT and DROP TABLE below

    const insert = re(`^INSERT INTO ["\`]new_([^"\`]+)["\`]\\s*\\(([^)]*)\\)\\s*SELECT`).exec(code);
    if (insert?.[1]) {
      const table = insert[1];
      const copied = new Set([...(insert[2] ?? "").matchAll(/["`]([^"`]+)["`]/g)].map((m) => m[1] ?? ""));
      const created = statements.find((s) => re(`^CREATE TABLE ["\`]new_${escapeRegExp(table)}["\`]`).test(s.code));
      for (const column of (created && columnsOfCreate(created.code)) ?? []) {
        if (!copied.has(column.name) && column.notNull && !column.hasDefault) {
          add({ risk: "may-fail", statement: index, table, column: column.name, message: `adds required column "${column.name}" to table "${table}" without a default: fails if the table has rows` });
        }
      }
      return;
    }

    const drop = re(`^DROP TABLE (?:IF EXISTS )?${QUALIFIED}`).exec(code);
    if (drop?.[1]) {
      const table = drop[1];
      const rebuiltHere = statements.some((s) => re(`^ALTER TABLE ["\`]new_${escapeRegExp(table)}["\`] RENAME TO`).test(s.code));
      if (!rebuiltHere) {
        add({ risk: "data-loss", statement: index, table, message: `drops table "${table}" and all its rows` });
        return;
      }
      // SQLite rebuild: the old table goes; columns it had that the copy leaves out are lost.
      const insertCode = statements.find((s) => re(`^INSERT INTO ["\`]new_${escapeRegExp(table)}["\`]`).test(s.code))?.code ?? "";
      const copied = new Set([...(/\(([^)]*)\)\s*SELECT/i.exec(insertCode)?.[1] ?? "").matchAll(/["`]([^"`]+)["`]/g)].map((m) => m[1] ?? ""));
      const created = statements.find((s) => re(`^CREATE TABLE ["\`]new_${escapeRegExp(table)}["\`]`).test(s.code));
      const newColumns = new Map(((created && columnsOfCreate(created.code)) ?? []).map((c) => [c.name, c]));
      const oldColumns = source?.definitions.get(table);
      const dropped = new Set<string>();
      for (const column of oldColumns?.map((c) => c.name) ?? []) if (!copied.has(column)) dropped.add(column);
      // the other direction adds these back, so this one removes them
      for (const column of source?.added.get(table) ?? []) if (!newColumns.has(column)) dropped.add(column);
      for (const column of dropped) add({ risk: "data-loss", statement: index, table, column, message: `drops column "${column}" of table "${table}" (the table is rebuilt without it)` });
      for (const old of oldColumns ?? []) {
        const now = newColumns.get(old.name);
        if (now && copied.has(old.name) && now.type !== old.type) {
          add({ risk: "data-loss", statement: index, table, column: old.name, message: `changes column "${old.name}" of table "${table}" from ${old.type} to ${now.type}: values that do not convert are lost` });
        }
        if (now && copied.has(old.name) && now.notNull && !old.notNull) {
          add({ risk: "may-fail", statement: index, table, column: old.name, message: `makes column "${old.name}" of table "${table}" required: fails if it holds NULLs` });
        }
      }
      return;
    }

    const alter = re(`^ALTER TABLE (?:ONLY )?${QUALIFIED}\\s+(.*)$`).exec(code);
    if (alter?.[1]) {
      const table = alter[1];
      const tableSql = re(`^ALTER TABLE (?:ONLY )?((?:["\`][^"\`]+["\`]\\.)?["\`][^"\`]+["\`])`).exec(code)?.[1] ?? "";
      const fill = (column: string, value: string) => {
        const q = tableSql.endsWith("`") ? "`" : '"';
        fills.push({ statement: index, table, column, sql: `UPDATE ${tableSql} SET ${q}${column}${q} = ${value} WHERE ${q}${column}${q} IS NULL;` });
      };
      for (const action of splitTopLevel(alter[2] ?? "")) {
        const dropColumn = re(`^DROP (?:COLUMN\\s+)?(?:IF EXISTS\\s+)?${IDENT}`).exec(action);
        if (dropColumn?.[1] && !/^DROP (CONSTRAINT|INDEX|PRIMARY|FOREIGN|DEFAULT)\b/i.test(action)) {
          add({ risk: "data-loss", statement: index, table, column: dropColumn[1], message: `drops column "${dropColumn[1]}" of table "${table}"` });
          continue;
        }
        const retype = re(`^(?:ALTER|MODIFY) (?:COLUMN\\s+)?${IDENT}\\s+(?:SET DATA TYPE|TYPE)\\s+(.+)$`).exec(action);
        if (retype?.[1]) {
          add({ risk: "data-loss", statement: index, table, column: retype[1], message: `changes column "${retype[1]}" of table "${table}" to ${retype[2]?.split(" USING")[0]}: values that do not convert are lost or make it fail` });
          continue;
        }
        const setNotNull = re(`^ALTER (?:COLUMN\\s+)?${IDENT}\\s+SET NOT NULL`).exec(action);
        if (setNotNull?.[1]) {
          const value = defaults.get(defaultKey(table, setNotNull[1]));
          if (value !== undefined) {
            fill(setNotNull[1], value);
            continue;
          }
          add({ risk: "may-fail", statement: index, table, column: setNotNull[1], message: `makes column "${setNotNull[1]}" of table "${table}" required: fails if it holds NULLs` });
          continue;
        }
        // MySQL: MODIFY rewrites the whole column; NOT NULL with a DEFAULT is filled like SET NOT NULL
        const modify = re(`^MODIFY (?:COLUMN\\s+)?${IDENT}\\s+(.*)$`).exec(action);
        if (modify?.[1]) {
          const value = defaults.get(defaultKey(table, modify[1]));
          if (/\bNOT NULL\b/i.test(modify[2] ?? "") && value !== undefined) fill(modify[1], value);
          continue;
        }
        const addColumn = re(`^ADD (?:COLUMN\\s+)?${IDENT}\\s+(.*)$`).exec(action);
        if (addColumn?.[1] && /\bNOT NULL\b/i.test(addColumn[2] ?? "") && !/\bDEFAULT\b/i.test(addColumn[2] ?? "") && !/^ADD (CONSTRAINT|PRIMARY|FOREIGN|UNIQUE|CHECK)\b/i.test(action)) {
          add({ risk: "may-fail", statement: index, table, column: addColumn[1], message: `adds required column "${addColumn[1]}" to table "${table}" without a default: fails if the table has rows` });
        }
      }
      return;
    }

    const unique = re(`^CREATE UNIQUE INDEX ${IDENT} ON ${QUALIFIED}\\s*\\(([^)]*)\\)`).exec(code);
    if (unique?.[2]) {
      // a new table has no rows, and a SQLite rebuild recreates the unique indexes the table already had
      const table = escapeRegExp(unique[2]);
      const fresh = statements.some((s) => re(`^(?:CREATE TABLE (?:["\`][^"\`]+["\`]\\.)?|ALTER TABLE )["\`](?:new_)?${table}["\`](?: RENAME TO|\\s*\\()`).test(s.code));
      if (!fresh) add({ risk: "may-fail", statement: index, table: unique[2], message: `adds unique index "${unique[1]}" on table "${unique[2]}" (${unique[3]?.replace(/["`]/g, "")}): fails if it holds duplicates` });
      return;
    }

    const remove = re(`^(?:DELETE FROM|TRUNCATE(?: TABLE)?) ${QUALIFIED}`).exec(code);
    if (remove?.[1]) add({ risk: "data-loss", statement: index, table: remove[1], message: `deletes rows of table "${remove[1]}"` });
  });
  return { statements, findings, fills };
}

const defaultKey = (table: string, column: string) => `${table}\u0000${column}`;

/**
 * The defaults the script gives existing columns (ALTER COLUMN ... SET DEFAULT, MySQL's MODIFY ...
 * DEFAULT), by table and column, as written in the script (read from the original text: the
 * statements' code has its whitespace collapsed, string literals included).
 */
function defaultsSet(script: string, statements: SqlStatement[]): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const { start, end, code } of statements) {
    const table = re(`^ALTER TABLE (?:ONLY )?${QUALIFIED}\\s`).exec(code)?.[1];
    if (!table) continue;
    const text = script.slice(start, end).replace(/;\s*$/, "");
    const body = /^ALTER\s+TABLE\s+(?:ONLY\s+)?(?:["`][^"`]+["`]\.)?["`][^"`]+["`]\s+([\s\S]*)$/i.exec(text)?.[1] ?? "";
    for (const action of splitTopLevel(body)) {
      const set = new RegExp(`^ALTER\\s+(?:COLUMN\\s+)?${IDENT}\\s+SET\\s+DEFAULT\\s+([\\s\\S]+)$`, "i").exec(action);
      if (set?.[1] && set[2]) defaults.set(defaultKey(table, set[1]), set[2].trim());
      const modify = new RegExp(`^MODIFY\\s+(?:COLUMN\\s+)?${IDENT}\\s+[\\s\\S]*?\\bDEFAULT\\s+('(?:[^']|'')*'|\\([^)]*\\)|[^\\s,]+(?:\\([^)]*\\))?)`, "i").exec(action);
      if (modify?.[1] && modify[2]) defaults.set(defaultKey(table, modify[1]), modify[2]);
    }
  }
  return defaults;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export const DATA_LOSS_MARKER = "-- backant:data-loss";
export const MAY_FAIL_MARKER = "-- backant:may-fail";

export const FILL_COMMENT = "-- backant: fill NULLs with the new default before SET NOT NULL";

/** The script with a marker comment above each risky statement (one line per finding), and the NULL fills. */
export function markScript(script: string, risks: ScriptRisks): string {
  const byStatement = new Map<number, RiskFinding[]>();
  for (const finding of risks.findings) byStatement.set(finding.statement, [...(byStatement.get(finding.statement) ?? []), finding]);
  let out = "";
  let last = 0;
  risks.statements.forEach((statement, index) => {
    const findings = byStatement.get(index) ?? [];
    const fills = risks.fills.filter((fill) => fill.statement === index);
    if (findings.length === 0 && fills.length === 0) return;
    out += script.slice(last, statement.start);
    for (const fill of fills) out += `${FILL_COMMENT}\n${fill.sql}\n\n`;
    for (const finding of findings) out += `${finding.risk === "data-loss" ? DATA_LOSS_MARKER : MAY_FAIL_MARKER} ${finding.message}\n`;
    last = statement.start;
  });
  return out + script.slice(last);
}

/** The data-loss marker lines of a down.sql (what a rollback would lose), without the marker prefix. */
export function dataLossMarkersIn(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => line.startsWith(DATA_LOSS_MARKER))
    .map((line) => line.slice(DATA_LOSS_MARKER.length).trim());
}

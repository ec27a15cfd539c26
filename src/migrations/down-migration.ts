import { analyzeScript, DATA_LOSS_MARKER, markScript, MAY_FAIL_MARKER, type RiskFinding } from "./data-loss.js";

export interface DownMigration {
  text: string;
  /** Statements that lose data when the down migration runs (what a rollback costs). */
  dataLoss: RiskFinding[];
  mayFail: RiskFinding[];
}

/**
 * down.sql of one migration: a header saying what it undoes and how it was made, then the SQL of
 * the schema-to-schema diff from after the migration back to before it, with a marker above each
 * statement that loses data (`backant rollback` refuses those without --force) or may fail.
 * `upSql` is the migration's own script, read to know which columns a SQLite rebuild leaves out.
 */
export function renderDownMigration(migrationName: string, downSql: string, upSql: string): DownMigration {
  const risks = analyzeScript(downSql, upSql);
  const dataLoss = risks.findings.filter((f) => f.risk === "data-loss");
  const mayFail = risks.findings.filter((f) => f.risk === "may-fail");
  const header = [
    `-- down.sql of ${migrationName}: undoes its migration.sql.`,
    "-- Written by `backant migrate` from a schema diff (the schema after the migration -> the schema",
    "-- the migrations before it produce) and run by `backant rollback`, in one transaction.",
    `-- \`${DATA_LOSS_MARKER.slice(3)}\` marks a statement that loses data when run (rollback then needs --force);`,
    `-- \`${MAY_FAIL_MARKER.slice(3)}\` one that fails on some data. Edit this file if you edit migration.sql.`,
    dataLoss.length === 0 ? "-- Undoing this migration loses no data." : `-- Undoing this migration loses data: ${dataLoss.length} ${dataLoss.length === 1 ? "statement" : "statements"} marked below.`,
  ];
  const body = downSql.trim() === "" ? "-- Nothing to undo: the migration does not change the schema.\n" : markScript(downSql, risks);
  return { text: `${header.join("\n")}\n\n${body.trimEnd()}\n`, dataLoss, mayFail };
}

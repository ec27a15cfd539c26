import { DATA_LOSS_MARKER, FILL_COMMENT, markerLines, MAY_FAIL_MARKER, type ChangeAssessment } from "../database/changes.js";

/**
 * migration.sql as backant writes it: the engine's script, below a header listing what it does to
 * existing rows (one `-- backant:data-loss` or `-- backant:may-fail` line a finding, as Prisma's
 * migrate dev lists its warnings at the top), and the UPDATEs that fill a column's NULLs before it
 * is made required with a default. The fills run first: the columns they fill exist before the
 * migration (they only become required in it).
 */
export function renderUpMigration(script: string, assessment: ChangeAssessment): string {
  const parts: string[] = [];
  const markers = markerLines(assessment.findings);
  if (markers.length > 0) parts.push(markers.join("\n"));
  if (assessment.fills.length > 0) parts.push([FILL_COMMENT, ...assessment.fills.map((fill) => fill.sql)].join("\n"));
  parts.push(script.trimEnd());
  return `${parts.join("\n\n")}\n`;
}

/**
 * down.sql of one migration: what it undoes and how it was made, the markers of what undoing it
 * loses (`backant rollback` refuses data-loss markers without --force), then the engine's script
 * from the schema after the migration back to the schema before it.
 */
export function renderDownMigration(migrationName: string, script: string, assessment: ChangeAssessment): string {
  const dataLoss = assessment.findings.filter((finding) => finding.risk === "data-loss");
  const header = [
    `-- down.sql of ${migrationName}: undoes its migration.sql.`,
    "-- Written by `backant migrate` from a schema diff (the schema after the migration -> the schema",
    "-- the migrations before it produce) and run by `backant rollback`, in one transaction.",
    `-- \`${DATA_LOSS_MARKER.slice(3)}\` marks what running it loses (rollback then needs --force);`,
    `-- \`${MAY_FAIL_MARKER.slice(3)}\` what may fail on some data. Edit this file if you edit migration.sql.`,
    dataLoss.length === 0 ? "-- Undoing this migration loses no data." : `-- Undoing this migration loses data (${dataLoss.length} ${dataLoss.length === 1 ? "change" : "changes"}):`,
  ];
  const markers = markerLines(assessment.findings);
  const body = script.trim() === "" ? "-- Nothing to undo: the migration does not change the schema." : script.trimEnd();
  return `${[header.join("\n"), ...(markers.length > 0 ? [markers.join("\n")] : []), body].join("\n\n")}\n`;
}

import path from "node:path";
import { writeAction, type AppliedWrite, type PlannedWrite } from "./plan.js";

/** How the generators (add-model, add-route, add-subroute) show a plan and what applying it did. */

export function describeWrites(writes: PlannedWrite[]): AppliedWrite[] {
  return writes.map((write) => ({ path: write.path, reason: write.reason, action: writeAction(write) }));
}

const pastTense = { create: "created", overwrite: "updated", unchanged: "unchanged" } as const;

/** Dry run: a heading and one line per planned write; applied: one line per write made. */
export function plannedLines(writes: AppliedWrite[], cwd: string, applied = false): string[] {
  const relative = (file: string) => path.relative(cwd, file) || file;
  if (applied) return writes.map((write) => `${pastTense[write.action]} ${relative(write.path)}`);
  return ["Dry run: nothing written. Planned writes:", ...writes.map((write) => `  ${write.action.padEnd(9)} ${relative(write.path)}  (${write.reason})`)];
}

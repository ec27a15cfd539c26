import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ModelAddition } from "../cli/commands/add-model.js";

/**
 * The id of an add-model plan: a hash of what was asked, of every write the plan would make (path
 * and new bytes), and of the bytes those files hold now. The first call shows the plan and its id;
 * the second call plans again and applies only when the id is the same, so anything that changed
 * the outcome in between (a model file edited, another model added, the routes index touched, a
 * file created where the plan would create one) refuses the apply instead of writing a plan nobody
 * saw. The server keeps no state between calls: the id is the whole contract.
 */
export function modelPlanId(request: { name: string; fields: string; force: boolean }, addition: ModelAddition, projectDir: string): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(request));
  for (const write of addition.plan.writes) {
    hash.update(`\0${path.relative(projectDir, write.path)}\0${currentBytes(write.path)}\0`);
    hash.update(write.content);
  }
  for (const file of addition.resource?.leftAlone ?? []) hash.update(`\0left alone ${path.relative(projectDir, file.path)}`);
  return hash.digest("hex").slice(0, 16);
}

function currentBytes(file: string): string {
  return existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : "absent";
}

import { existsSync } from "node:fs";
import path from "node:path";
import { InputError } from "../cli/errors.js";
import { planAddModel, type AddModelPlan, type AddModelRequest } from "./model-file.js";
import type { PlannedWrite } from "./plan.js";
import { planResourceFiles } from "./project-files.js";
import { kebabCase, routeWiring } from "./resource-context.js";
import { planRouteWiring } from "./route-wiring.js";

/**
 * `backant add-model` inside a generated project: the model file, the model's route, service,
 * repository and test, the route wired in at the markers of src/routes/index.ts, and the schema,
 * as one plan. Everything is checked first (the field specs, the whole model set rendered and
 * validated from a staging copy, the markers, files that would be replaced), so a refusal leaves
 * the project as it was; apply `writes` with applyPlan.
 */
export interface AddResourcePlan extends AddModelPlan {
  /** The model's URL path: "/order-lines". */
  routePath: string;
}

/** What the resource files of a model are called, relative to the project. */
export function resourceFilePaths(modelName: string): string[] {
  const kebab = kebabCase(modelName);
  return [`src/routes/${kebab}.route.ts`, `src/services/${kebab}.service.ts`, `src/repositories/${kebab}.repository.ts`, `test/${kebab}.test.ts`];
}

const RESOURCE_REASONS = ["CRUD routes", "service", "repository (Prisma)", "API tests"];

export async function planAddResource(request: AddModelRequest): Promise<AddResourcePlan> {
  const model = await planAddModel(request);
  const { projectDir } = request;
  const relativePaths = resourceFilePaths(model.name);
  const taken = relativePaths.filter((file) => existsSync(path.join(projectDir, file)));
  if (taken.length > 0 && !request.force) {
    throw new InputError(`Adding model ${model.name} would replace ${taken.join(", ")}; nothing was written.`, {
      code: "RESOURCE_EXISTS",
      hint: `Move ${taken.length === 1 ? "that file" : "those files"} away, choose another model name, or pass --force to replace ${taken.length === 1 ? "it" : "them"}.`,
    });
  }
  const wiring = planRouteWiring(projectDir, routeWiring(model.name), `wires /${kebabCase(model.name)} into the app`);
  const files = planResourceFiles(model.schema.set, model.name, model.schema.provider);
  const resourceWrites: PlannedWrite[] = files.map((file) => {
    const index = relativePaths.indexOf(file.path);
    const what = index >= 0 ? RESOURCE_REASONS[index] : "resource file";
    const replaces = taken.includes(file.path) ? " (replaced: --force)" : "";
    return { path: path.join(projectDir, file.path), content: file.content, reason: `${model.name} ${what}${replaces}` };
  });
  const [modelWrite, ...schemaWrites] = model.writes;
  return {
    ...model,
    routePath: `/${kebabCase(model.name)}`,
    writes: [...(modelWrite ? [modelWrite] : []), ...resourceWrites, wiring, ...schemaWrites],
  };
}

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";
import { loadModelSet } from "../schema/load-models.js";
import type { ModelSet, Provider } from "../schema/model-set.js";
import { planAddModel, type AddModelPlan, type AddModelRequest } from "./model-file.js";
import type { PlannedWrite } from "./plan.js";
import { planResourceFiles } from "./project-files.js";
import { kebabCase, routeWiring } from "./resource-context.js";
import { checkRoutePathFree } from "./route-name.js";
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
  /** Files of other models the new model changes but that were edited by hand, so left alone. */
  leftAlone: Array<{ path: string; model: string }>;
}

/** What the resource files of a model are called, relative to the project. */
export function resourceFilePaths(modelName: string): string[] {
  const kebab = kebabCase(modelName);
  return [`src/routes/${kebab}.route.ts`, `src/services/${kebab}.service.ts`, `src/repositories/${kebab}.repository.ts`, `test/${kebab}.test.ts`, `test/factories/${modelName}.factory.ts`];
}

const RESOURCE_REASONS = ["CRUD routes", "service", "repository (Prisma)", "API tests", "test data factory (faker; prisma/seed.ts uses it too)"];

export async function planAddResource(request: AddModelRequest): Promise<AddResourcePlan> {
  checkRoutePathFree(kebabCase(request.name), `model name "${request.name}" in a generated project`);
  const model = await planAddModel(request);
  const projectDir = request.project.dir;
  const relativePaths = resourceFilePaths(model.name);
  const taken = relativePaths.filter((file) => existsSync(path.join(projectDir, file)));
  if (taken.length > 0 && !request.force) {
    throw new InputError(`Adding model ${model.name} would replace ${taken.join(", ")}; nothing was written.`, {
      code: "RESOURCE_EXISTS",
      hint: `Move ${taken.length === 1 ? "that file" : "those files"} away, choose another model name, or pass --force to replace ${taken.length === 1 ? "it" : "them"}.`,
    });
  }
  const wiring = planRouteWiring(projectDir, routeWiring(model.name), `wires /${kebabCase(model.name)} into the app`);
  const files = planResourceFiles(model.schema.set, model.name, model.schema.provider, undefined, enforcesForeignKeys(model.schema.config));
  const resourceWrites: PlannedWrite[] = files.map((file) => {
    const index = relativePaths.indexOf(file.path);
    const what = index >= 0 ? RESOURCE_REASONS[index] : "resource file";
    const replaces = taken.includes(file.path) ? " (replaced: --force)" : "";
    return { path: path.join(projectDir, file.path), content: file.content, reason: `${model.name} ${what}${replaces}` };
  });
  const dependents = await planDependentUpdates(request, model);
  const [modelWrite, ...schemaWrites] = model.writes;
  return {
    ...model,
    routePath: `/${kebabCase(model.name)}`,
    leftAlone: dependents.leftAlone,
    writes: [...(modelWrite ? [modelWrite] : []), ...resourceWrites, ...dependents.writes, wiring, ...schemaWrites],
  };
}

/**
 * A new model can change the API of existing ones: `members:hasMany(Users)` gives Users a foreign
 * key its routes should accept and return. Each existing model's resource files are rendered from
 * the model set before and after; a file that changes is updated when it is still exactly what
 * backant generated, and otherwise left alone and reported (it holds the user's work).
 * Only a relation field (to the other model: its foreign key, relations and referencing rows) or a
 * replaced model (--force) can do this, so only then is the old model set loaded.
 */
async function planDependentUpdates(request: AddModelRequest, model: AddModelPlan): Promise<{ writes: PlannedWrite[]; leftAlone: AddResourcePlan["leftAlone"] }> {
  const writes: PlannedWrite[] = [];
  const leftAlone: AddResourcePlan["leftAlone"] = [];
  // Any relation reaches the other model: a belongsTo gives it a relation ?include= can load and
  // rows that refuse its deletes (the 409 names them); hasOne/hasMany give it a foreign key too.
  const reachesOthers = model.fields.some((spec) => spec.kind === "relation" && spec.target !== model.name);
  if (!reachesOthers && !model.modelExists) return { writes, leftAlone };

  const after = model.schema.set;
  const { config } = model.schema;
  const before = await loadModelSet(request.project.dir, { modelsDir: config.modelsDir, naming: config.naming, foreignKeyIndexes: config.foreignKeyIndexes });
  const provider: Provider = model.schema.provider;
  for (const other of after.models) {
    if (other.name === model.name || !before.models.some((m) => m.name === other.name)) continue;
    const enforced = enforcesForeignKeys(config);
    const oldFiles = filesByPath(before, other.name, provider, enforced);
    for (const file of planResourceFiles(after, other.name, provider, undefined, enforced)) {
      const old = oldFiles.get(file.path);
      if (old === undefined || old === file.content) continue;
      const target = path.join(request.project.dir, file.path);
      if (!existsSync(target)) continue;
      if (readFileSync(target, "utf8") === old) {
        writes.push({ path: target, content: file.content, reason: `${other.name} regenerated: model ${model.name} changes its columns or relations` });
      } else {
        leftAlone.push({ path: target, model: other.name });
      }
    }
  }
  return { writes, leftAlone };
}

/** The database refuses a foreign key that matches no row, unless the datasource's relationMode is "prisma". */
function enforcesForeignKeys(config: { datasource: { relationMode: string | null } }): boolean {
  return config.datasource.relationMode !== "prisma";
}

function filesByPath(set: ModelSet, modelName: string, provider: Provider, enforced: boolean): Map<string, string> {
  return new Map(planResourceFiles(set, modelName, provider, undefined, enforced).map((file) => [file.path, file.content]));
}

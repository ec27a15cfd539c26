import { existsSync } from "node:fs";
import path from "node:path";
import { loadModelSet } from "../schema/load-models.js";
import type { ModelSet } from "../schema/model-set.js";
import { readProjectConfig, type ProjectConfig, type Provider } from "../project/config.js";
import { renderPrismaSchemaWithOrigins } from "../schema/render-prisma.js";
import { validateRenderedSchema } from "../schema/validate-prisma.js";
import { InputError } from "../errors.js";
import { writeAction, type PlannedWrite, type WriteAction } from "./plan.js";

export type { ProjectConfig } from "../project/config.js";

/** Where prisma/schema.prisma stands against what the model files give. */
export type SchemaState = "missing" | "stale" | "current";

export interface RenderedSchema {
  provider: Provider;
  /** Number of models in the set. */
  models: number;
  text: string;
  /** The loaded model set (add-model plans the new model's resource files from it). */
  set: ModelSet;
}

/**
 * The one path from model files to schema text, shared by `backant schema` and `backant add-model`
 * (which runs it on a staging copy of the models): load, check, render, validate in-process.
 * `modelsRoot` is the folder whose `config.modelsDir` holds the model files (the project itself),
 * or a staging copy of the project whose `stagedModelsDir` holds them; the text is the same either way.
 */
export async function renderSchemaFromModels(modelsRoot: string, config: ProjectConfig, stagedModelsDir = config.modelsDir): Promise<RenderedSchema> {
  const set = await loadModelSet(modelsRoot, { modelsDir: stagedModelsDir, naming: config.naming, foreignKeyIndexes: config.foreignKeyIndexes });
  // renderPrismaSchema runs checkModelSet's checks itself before rendering.
  const rendered = renderPrismaSchemaWithOrigins(set, { provider: config.provider, modelsDir: config.modelsDir, datasource: config.datasource, generator: config.generator });
  validateRenderedSchema(rendered);
  const text = rendered.text;
  return { provider: config.provider, models: set.models.length, text, set };
}

export interface SchemaPlan extends RenderedSchema {
  projectDir: string;
  config: ProjectConfig;
  /** Absolute path of the schema file. */
  schemaPath: string;
  state: SchemaState;
  write: PlannedWrite;
}

/**
 * Renders the project's schema and compares it with the file on disk; writes nothing. Commands
 * pass the config of their resolved ProjectContext; without it package.json is read here.
 */
export async function planSchemaFile(projectDir: string, config: ProjectConfig = readProjectConfig(projectDir)): Promise<SchemaPlan> {
  // Run in the wrong folder, `backant schema` would otherwise leave an empty prisma/ behind there.
  if (!existsSync(path.resolve(projectDir, config.modelsDir))) {
    throw new InputError(`No models folder: ${path.join(projectDir, config.modelsDir)} does not exist.`, {
      code: "NO_MODELS_DIR",
      hint: "Run backant in the project folder (or point --cwd at it), or add a first model with `backant add-model NAME`.",
    });
  }
  const rendered = await renderSchemaFromModels(projectDir, config);
  return schemaPlanFor(projectDir, config, rendered);
}

export function schemaPlanFor(projectDir: string, config: ProjectConfig, rendered: RenderedSchema): SchemaPlan {
  const schemaPath = path.resolve(projectDir, config.schemaPath);
  const write: PlannedWrite = { path: schemaPath, content: rendered.text, reason: "generated from the model files" };
  return { ...rendered, projectDir, config, schemaPath, state: STATE_OF_WRITE[writeAction(write)], write };
}

const STATE_OF_WRITE: Record<WriteAction, SchemaState> = { create: "missing", overwrite: "stale", unchanged: "current" };

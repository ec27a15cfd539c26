import { tmpdir } from "node:os";
import path from "node:path";
import { InputError } from "../errors.js";
import { renderPrismaConfig } from "../prisma/prisma-config.js";
import { loadModelSet, MODEL_FILE_SUFFIX } from "../schema/load-models.js";
import { analyzeModelSet, type ModelSet } from "../schema/model-set.js";
import { isProvider, PROVIDERS, type Provider } from "../project/config.js";
import { renderPrismaSchema } from "../schema/render-prisma.js";
import { validatePrismaSchema } from "../schema/validate-prisma.js";
import type { RelationPlan } from "../schema/relations.js";
import { parseFieldSpecs, type FieldSpec } from "./field-spec.js";
import { checkModelName } from "./model-name.js";
import { checkRoutePathFree } from "./route-name.js";
import { renderModelSource, type TargetKeyTypes } from "./model-source.js";
import { allowedInstallScripts, projectDependencies } from "./project-versions.js";
import { resourceContext, routeWiring, type ResourceContext } from "./resource-context.js";
import { renderTemplate } from "./templates.js";
import { committableUrl } from "./database-url.js";
import type { ImportedSchema } from "../import/import-schema.js";
import { supportedNode } from "../version.js";

/** One file of a planned project; `path` is relative to the project folder, with forward slashes. */
export interface ProjectFile {
  path: string;
  content: string;
}

/**
 * A model of the new project, in `backant add-model`'s field syntax ("email:string:unique name:string")
 * or as parsed specs. id, createdAt and updatedAt are added unless named, as add-model does.
 */
export interface ProjectModelInput {
  name: string;
  fields: string | FieldSpec[];
}

export interface ProjectOptions {
  /** The project (and package) name. The caller checks it (H2's project-name rules). */
  name: string;
  db: Provider;
  /** The version spec of the backant dependency: "^0.1.0", "file:vendor/backant-0.1.0.tgz", "file:/abs/path". */
  backantDependency: string;
  /** Default: one model, Users (email unique, name, createdAt, updatedAt). An empty list is allowed. */
  models?: ProjectModelInput[];
  /**
   * An imported schema or database (create-backant --from-schema / --from-database) instead of
   * `models`: its model files as printed by the import, and the project options it needs.
   */
  imported?: { schema: ImportedSchema; files: ReadonlyMap<string, string>; databaseUrl?: string };
  /** The development database URL for .env (create-backant --database-url), already checked; default: the provider's local URL. */
  databaseUrl?: string;
}

export const DEFAULT_MODELS: readonly ProjectModelInput[] = Object.freeze([{ name: "Users", fields: "email:string:unique name:string" }]);

/** The facts of each database the project templates print (the parts above hold its blocks of text). */
const PROVIDER_FACTS: Record<Provider, { label: string; databaseUrlDefault: string | null; prodSettingsNote: string }> = {
  // SQLite needs nothing installed: the app runs with no DATABASE_URL at all.
  sqlite: { label: "SQLite", databaseUrlDefault: "file:./dev.db", prodSettingsNote: "" },
  postgresql: { label: "PostgreSQL", databaseUrlDefault: null, prodSettingsNote: " (set DB_PASSWORD)" },
  mysql: { label: "MySQL", databaseUrlDefault: null, prodSettingsNote: " (set DB_PASSWORD)" },
};


/** snake_case database name from the project name ("my-api" -> "my_api"). */
function databaseName(projectName: string): string {
  const base = projectName.replace(/^@[^/]+\//, "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(base) ? base : `db_${base || "app"}`;
}

/**
 * How each database is reached. `local` is .env's URL, with the password of the compose file's
 * database, so a developer who starts that database (`docker compose up db`) reaches it with
 * .env as written. In the compose files, PostgreSQL's password travels beside the URL (PGPASSWORD,
 * which pg reads when the URL has none, for the app and for `backant migrate deploy` alike): a
 * production password with @, / or # would otherwise have to be percent-encoded to keep the URL
 * valid. MySQL's driver reads no such variable, so its URLs carry the password.
 */
interface DatabaseUrls {
  local: string;
  compose: string;
  prod: string;
  /** The development password of the compose file's database (and of `local`); null for SQLite. */
  devPassword: string | null;
  /** Whether the compose files pass the password beside the URL, as PGPASSWORD. */
  passwordApart: boolean;
  /** For the project's /ready test: a URL on a local server that never answers (`port` is the test's variable); null for SQLite. */
  unanswered: string | null;
}

function databaseUrls(db: Provider, dbName: string): DatabaseUrls {
  switch (db) {
    case "sqlite":
      return { local: "file:./dev.db", compose: "file:./data/app.db", prod: "file:./data/app.db", devPassword: null, passwordApart: false, unanswered: null };
    case "postgresql":
      return {
        local: `postgresql://postgres:postgres@127.0.0.1:5432/${dbName}`,
        compose: `postgresql://postgres@db:5432/${dbName}`,
        prod: `postgresql://postgres@db:5432/${dbName}`,
        devPassword: "postgres",
        passwordApart: true,
        unanswered: "postgresql://postgres@127.0.0.1:${port}/ready_check",
      };
    case "mysql":
      return {
        local: `mysql://root:mysql@127.0.0.1:3306/${dbName}`,
        compose: `mysql://root:mysql@db:3306/${dbName}`,
        prod: `mysql://root:\${DB_PASSWORD}@db:3306/${dbName}`,
        devPassword: "mysql",
        passwordApart: false,
        unanswered: "mysql://root@127.0.0.1:${port}/ready_check",
      };
  }
}

/** The development database URL a new project's .env gets unless one is given (the compose file's server, from the host). */
export function defaultDatabaseUrl(db: Provider, projectName: string): string {
  return databaseUrls(db, databaseName(projectName)).local;
}

/** Model sources of the inputs, keyed by model name (foreign keys typed after their targets' ids). */
export function renderModelSources(models: readonly ProjectModelInput[]): Map<string, string> {
  const parsed = models.map((m) => ({ name: checkModelName(m.name), specs: typeof m.fields === "string" ? parseFieldSpecs(m.fields) : m.fields }));
  const keyTypes: Record<string, "bigint" | "string"> = {};
  for (const { name, specs } of parsed) {
    const id = specs.find((s) => s.kind === "id");
    if (id?.kind === "id" && id.strategy !== "int") keyTypes[name] = id.strategy === "bigint" ? "bigint" : "string";
  }
  const sources = new Map<string, string>();
  for (const { name, specs } of parsed) {
    if (sources.has(name)) throw new InputError(`Model ${name} is declared twice.`, { code: "DUPLICATE_MODEL", hint: "Give each model one entry." });
    sources.set(name, renderModelSource(name, specs, keyTypes as TargetKeyTypes));
  }
  return sources;
}

/**
 * Loads model sources the way a project's models are loaded (`backant/model`, the same checks and
 * errors), as the files of a project folder that is never written: nothing touches the disk.
 */
export async function modelSetOf(sources: ReadonlyMap<string, string>): Promise<ModelSet> {
  const files = new Map([...sources].map(([name, source]) => [name + MODEL_FILE_SUFFIX, source]));
  return loadModelSet(path.join(tmpdir(), "backant-new-project"), { sources: files });
}

/**
 * The route, service, repository and test files of one model of the set (paths relative to the
 * project). Used by planProjectFiles and, inside a project, by `backant add-model`, which also
 * wires the route in with routeWiring(modelName) at the markers of src/routes/index.ts.
 */
export function planResourceFiles(set: ModelSet, modelName: string, provider: Provider, plan?: RelationPlan, enforcedForeignKeys = true): ProjectFile[] {
  const context = resourceContext(set, modelName, provider, plan, enforcedForeignKeys);
  return resourceFilesOf(context);
}

function resourceFilesOf(context: ResourceContext): ProjectFile[] {
  return [
    { path: `src/routes/${context.kebab}.route.ts`, content: renderTemplate("resource/route.ts.hbs", context) },
    { path: `src/services/${context.kebab}.service.ts`, content: renderTemplate("resource/service.ts.hbs", context) },
    { path: `src/repositories/${context.kebab}.repository.ts`, content: renderTemplate("resource/repository.ts.hbs", context) },
    { path: `test/${context.kebab}.test.ts`, content: renderTemplate("resource/test.ts.hbs", context) },
    { path: `test/factories/${context.name}.factory.ts`, content: renderTemplate("resource/factory.ts.hbs", context) },
  ];
}

/** package.json's "backant" key: the provider, and for an imported schema its naming and options. */
function backantKey(options: ProjectOptions): Record<string, unknown> {
  const schema = options.imported?.schema;
  if (!schema) return { provider: options.db };
  return {
    provider: options.db,
    naming: schema.naming,
    foreignKeyIndexes: false,
    ...(schema.datasource.relationMode || schema.datasource.schemas.length
      ? { datasource: { ...(schema.datasource.relationMode ? { relationMode: schema.datasource.relationMode } : {}), ...(schema.datasource.schemas.length ? { schemas: schema.datasource.schemas } : {}) } }
      : {}),
    ...(Object.keys(schema.generator).length ? { generator: schema.generator } : {}),
  };
}

function packageJson(options: ProjectOptions): string {
  const { dependencies, devDependencies } = projectDependencies(options.db, options.backantDependency);
  const pkg = {
    name: options.name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: supportedNode().range },
    scripts: {
      dev: "backant dev",
      // openapi.json is part of the build: the document client generators and API reviews read.
      build: "tsc -p tsconfig.build.json && node dist/write-openapi.js",
      // The client's types follow the routes as they are now, without a full build first.
      client: "tsx src/write-openapi.ts && openapi-typescript openapi.json --output client/schema.d.ts",
      start: "node dist/server.js",
      test: "vitest run",
      // The client follows the schema add-model just rewrote, so a type-check right after it is honest.
      typecheck: "prisma generate && tsc --noEmit",
      // Biome: one tool for lint and format (biome.jsonc); --write applies its safe fixes and the formatting.
      lint: "biome check .",
      format: "biome check --write .",
      "db:sync": "backant sync",
      migrate: "backant migrate",
      seed: "backant seed",
      // The Prisma client is generated code (git-ignored): a fresh `npm ci` must produce it to type-check.
      postinstall: "prisma generate",
    },
    backant: backantKey(options),
    dependencies,
    devDependencies,
    allowScripts: allowedInstallScripts(),
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Whether a model gets CRUD files: not an @@ignore model (the Prisma Client leaves it out), nor one
 * with a required Unsupported column without a default (the client cannot create its rows).
 */
export function hasApi(model: ModelSet["models"][number]): boolean {
  if (model.ignore) return false;
  return !model.fields.some((f) => f.kind === "scalar" && f.type === "unsupported" && !f.optional && f.default === null && !f.ignore);
}

/**
 * Every file of a new project, rendered in memory (nothing is written): package.json, configs,
 * src/ (app, server, startup, helper, routes, services, repositories, models), prisma/ (the schema
 * rendered from the models, seed.ts), tests, Docker and CI files, README. The model set is loaded
 * and the schema validated with Prisma's parser, so a bad model fails here, before any write.
 * Sorted by path.
 */
export async function planProjectFiles(options: ProjectOptions): Promise<ProjectFile[]> {
  if (!isProvider(options.db)) throw new InputError(`Unsupported database "${String(options.db)}"; use one of ${PROVIDERS.join(", ")}.`, { code: "BAD_PROVIDER" });
  let sources: ReadonlyMap<string, string>;
  let set: ModelSet;
  let schema: string;
  if (options.imported) {
    if (options.imported.schema.provider !== options.db)
      throw new InputError(`The imported schema is a ${options.imported.schema.provider} schema, not ${options.db}.`, { code: "IMPORT_PROVIDER_MISMATCH", hint: `Leave out --db, or give --db ${options.imported.schema.provider}.` });
    const { loadImportedModels } = await import("../import/import-project.js");
    ({ set, rendered: schema } = await loadImportedModels(options.imported.schema, options.imported.files));
    sources = options.imported.files;
  } else {
    const modelSources = renderModelSources(options.models ?? DEFAULT_MODELS);
    sources = new Map([...modelSources].map(([name, source]) => [name + MODEL_FILE_SUFFIX, source]));
    set = await modelSetOf(modelSources);
    schema = renderPrismaSchema(set, { provider: options.db });
    validatePrismaSchema(schema);
  }
  const plan = analyzeModelSet(set, options.db);

  const resources = set.models.filter(hasApi).map((m) => ({ ...resourceContext(set, m.name, options.db, plan, options.imported?.schema.datasource.relationMode !== "prisma"), wiring: routeWiring(m.name) }));
  // Imported names are not chosen with backant's routes in mind: two models on one path, or a model
  // on a path the app serves itself, would clash in the file names or at start-up.
  const byPath = new Map<string, string>();
  for (const r of resources) {
    checkRoutePathFree(r.kebab, `model name "${r.name}"`);
    const other = byPath.get(r.kebab);
    if (other !== undefined)
      throw new InputError(`Models ${other} and ${r.name} would both be served at /${r.kebab} (and share its route, service and test files).`, {
        code: "ROUTE_CLASH",
        hint: "Rename one of the models (its database table keeps its name with the table option), then create the project again.",
      });
    byPath.set(r.kebab, r.name);
  }
  const dbName = databaseName(options.name);
  const givenUrl = options.imported?.databaseUrl ?? options.databaseUrl;
  const urls = givenUrl ? { ...databaseUrls(options.db, dbName), local: givenUrl } : databaseUrls(options.db, dbName);
  const vendor = options.backantDependency.startsWith("file:vendor/");
  const context = {
    name: options.name,
    provider: options.db,
    providerLabel: PROVIDER_FACTS[options.db].label,
    databaseUrlDefault: PROVIDER_FACTS[options.db].databaseUrlDefault,
    prodSettingsNote: PROVIDER_FACTS[options.db].prodSettingsNote,
    dbName,
    databaseUrl: urls.local,
    // .env is git-ignored; .env.example and the tests' fallback are committed: no password of the
    // user's in them. The compose file's development password is committed anyway, and is kept.
    exampleDatabaseUrl: givenUrl ? committableUrl(urls.local) : urls.local,
    defaultDatabaseUrl: committableUrl(urls.local),
    composeDatabaseUrl: urls.compose,
    prodDatabaseUrl: urls.prod,
    devPassword: urls.devPassword,
    // An imported database keeps its own URL, which the compose file's database does not serve.
    envMatchesCompose: urls.devPassword !== null && !options.imported?.databaseUrl,
    passwordApart: urls.passwordApart,
    unreachableDatabaseUrl: urls.unanswered,
    nodeMajor: supportedNode().major,
    testDatabase: options.db === "sqlite" ? "test.db" : `${dbName}_test, or TEST_DATABASE_URL`,
    composeSummary: options.db === "sqlite" ? "the API with its SQLite file on a volume" : `${PROVIDER_FACTS[options.db].label} + the API`,
    vendorDir: vendor,
    namesAsWritten: set.naming === "as-written",
    resources,
  };

  const files: ProjectFile[] = [
    { path: "package.json", content: packageJson(options) },
    { path: "prisma.config.ts", content: renderPrismaConfig({ provider: options.db, seedCommand: "tsx prisma/seed.ts" }) },
    { path: "prisma/schema.prisma", content: schema },
    { path: ".gitignore", content: renderTemplate("project/gitignore.hbs", context, options.db) },
    { path: ".dockerignore", content: renderTemplate("project/dockerignore.hbs", context, options.db) },
    { path: ".env", content: renderTemplate("project/env.hbs", context, options.db) },
    { path: ".env.example", content: renderTemplate("project/env.example.hbs", context, options.db) },
    { path: "biome.jsonc", content: renderTemplate("project/biome.jsonc.hbs", context, options.db) },
  ];
  const templated = [
    "README.md",
    "Dockerfile",
    "docker-compose.yml",
    "docker-compose-prod.yml",
    ".github/workflows/ci.yml",
    "tsconfig.json",
    "tsconfig.build.json",
    "vitest.config.ts",
    "prisma/seed.ts",
    "src/app.ts",
    "src/server.ts",
    "src/write-openapi.ts",
    "src/helper/openapi.ts",
    "src/routes/health.route.ts",
    "client/index.ts",
    "test/openapi.test.ts",
    "src/startup/environment.ts",
    "src/startup/database.ts",
    "src/helper/errors.ts",
    "src/helper/logger.ts",
    "src/helper/pagination.ts",
    "src/helper/security-headers.ts",
    "src/helper/validation.ts",
    "src/repositories/base.repository.ts",
    "src/routes/index.ts",
    "test/database-url.ts",
    "test/global-setup.ts",
    "test/helpers.ts",
    "test/health.test.ts",
    "test/factories/support.ts",
  ];
  // Only SQLite projects read through a client of their own (see the template).
  if (options.db === "sqlite") templated.push("src/startup/sqlite-client.ts");
  for (const file of templated) files.push({ path: file, content: renderTemplate(`project/${file.replace(/^\.github\//, "github/")}.hbs`, context, options.db) });
  for (const [file, source] of sources) files.push({ path: `src/models/${file}`, content: source });
  for (const resource of resources) files.push(...resourceFilesOf(resource));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

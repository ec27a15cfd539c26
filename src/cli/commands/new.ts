import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { defineCommand, type CommandContext, type CommandResult } from "../command.js";
import { progressReporter } from "../create/progress.js";
import type { PromptSession } from "../create/prompts.js";
import { redactUrl } from "../../project/database-target.js";
import type { CheckedDatabaseUrl } from "../../scaffold/database-url.js";
import type { GitResult } from "../../scaffold/git-init.js";
import { npmProgress } from "../../scaffold/npm-progress.js";
import { BackantError, CommandFailure, InputError, Interrupted } from "../../errors.js";
import type { Provider } from "../../project/config.js";
import type { ProjectSpec } from "../../scaffold/spec.js";
import type { StagedStep } from "../../scaffold/staging.js";

interface NewOptions {
  name?: string;
  db?: Provider;
  spec?: string;
  install?: boolean;
  yes: boolean;
  dryRun: boolean;
  verbose: boolean;
  force: boolean;
  fromSchema?: string;
  fromDatabase?: string;
  databaseUrl?: string;
  git: boolean;
}

const DATABASES: Provider[] = ["sqlite", "postgresql", "mysql"];

/**
 * `backant new NAME` (and `create-backant NAME`, which runs this command): plans every file of a new
 * project, writes it into a staging folder, installs there and renames it into place, so a failure
 * or Ctrl-C at any step leaves nothing behind.
 */
export const newCommand = defineCommand<NewOptions>({
  command: "new [name]",
  describe: "Create a new backant project (also: npx create-backant NAME)",
  examples: [
    ["create-backant shop-api", "ask for what is missing, then create ./shop-api and install it"],
    ["backant new shop-api --db postgresql --yes", "create a PostgreSQL project without questions"],
    ['create-backant shop-api --db postgresql --database-url "postgresql://me@localhost:5432/shop"', "a PostgreSQL project on your server (checked before anything is written)"],
    ["backant new shop-api --spec shop.json --dry-run", "check a spec and list the files, write nothing"],
    ["backant new shop-api --no-install --yes --report", "create the files only; print one JSON object"],
    ["create-backant legacy-api --from-schema ../legacy/prisma/schema.prisma", "a whole API for every model of an existing schema"],
    ['create-backant legacy-api --from-database "postgresql://me@localhost:5432/legacy"', "a whole API for every table of an existing database (left unchanged)"],
  ],
  builder: (y) =>
    y
      .positional("name", { type: "string", describe: "Project name: the new folder and the package name (lowercase, e.g. shop-api)" })
      // The entry point's --cwd, described for this command: here it is where the project folder goes.
      .option("cwd", { type: "string", describe: "Folder to create the project folder in (default: the current folder)" })
      .option("db", { type: "string", choices: DATABASES, describe: "Database (default sqlite; a spec's \"db\" is used when not given)" })
      .option("spec", { type: "string", describe: "JSON spec of models and routes: a file path, or the JSON itself" })
      .option("install", { type: "boolean", describe: "Install dependencies and generate the Prisma client (--no-install to skip)" })
      .option("yes", { alias: "y", type: "boolean", default: false, describe: "Ask nothing: take the defaults for what is not given" })
      .option("dry-run", { type: "boolean", default: false, describe: "Print the planned files (and check the spec), write nothing" })
      .option("verbose", { type: "boolean", default: false, describe: "Show the full output of npm install and prisma generate" })
      .option("force", { type: "boolean", default: false, describe: "Allow an existing non-empty folder (existing files are never overwritten)" })
      .option("from-schema", { type: "string", describe: "Import this Prisma schema: model files, routes, services, repositories and tests for every model" })
      .option("from-database", { type: "string", describe: "Import this database (URL) by introspection; the project's DATABASE_URL points at it" })
      .option("database-url", { type: "string", describe: "PostgreSQL: the development database for .env, checked before anything is written (asked in a terminal)" })
      .option("git", { type: "boolean", default: true, describe: "Make the project a git repository with a first commit (--no-git to skip; skipped inside a work tree or without git)" })
      .conflicts("from-schema", ["from-database", "spec"])
      .conflicts("from-database", ["spec", "database-url"]),
  run: async (options, context) => {
    const interactive = !options.yes && !context.report && process.stdin.isTTY === true && process.stderr.isTTY === true;
    const session = interactive ? await (await import("../create/prompts.js")).promptSession(process.stderr) : undefined;
    try {
      const result = await createProject(options, context, session);
      session?.succeed(options.dryRun ? "Dry run: nothing was written." : `${String(result.data.relativePath)}/ is ready.`);
      return result;
    } catch (error) {
      // The frame's last line, above the entry point's message (which says what happened and what to do).
      session?.fail(error instanceof Interrupted ? "Cancelled." : "The project was not created.");
      throw error;
    }
  },
});

async function createProject(options: NewOptions, context: CommandContext, session: PromptSession | undefined): Promise<CommandResult> {
  // A short-lived process validating one schema: Liftoff alone compiles Prisma's validator for less CPU.
  (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
  const [{ checkProjectName }, { cachedTarballPath, planBackantDependency, packedTarball }, staging] = await Promise.all([
    import("../../scaffold/project-name.js"),
    import("../../scaffold/local-package.js"),
    import("../../scaffold/staging.js"),
  ]);

  if (options.name !== undefined) checkProjectName(String(options.name));

  // Without a spec the project gets the planner's default model (Users), and the spec module's
  // checks (zod, the model loader) are not loaded at all.
  let spec: ProjectSpec | undefined;
  let specLabel = "";
  if (options.spec !== undefined) {
    const { readSpecInput, parseSpec } = await import("../../scaffold/spec.js");
    const { source, json, problems } = readSpecInput(options.spec, context.cwd);
    specLabel = source === "--spec" ? "given with --spec" : path.relative(context.cwd, source) || source;
    // The model-set checks run once, below, when the project is planned for the chosen database.
    spec = await parseSpec(json, specLabel, { checkModelSet: false, textProblems: problems });
  }

  // --from-schema / --from-database: the models come from an existing schema or database.
  const imported = await importedModels(options, context);
  if (imported && options.db !== undefined && options.db !== imported.schema.provider)
    throw new InputError(`--db ${options.db} does not match the imported ${imported.schema.provider} schema.`, { code: "IMPORT_PROVIDER_MISMATCH", hint: `Leave out --db (the schema says ${imported.schema.provider}).` });

  const rawName = options.name ?? spec?.name ?? (session ? await session.askName(checkProjectName) : undefined);
  if (rawName === undefined) {
    throw new InputError("Name the project: create-backant NAME (or backant new NAME).", {
      code: "NO_PROJECT_NAME",
      hint: 'The name becomes the folder and the package name, e.g. "create-backant shop-api". In a terminal without --yes, the command asks for it.',
    });
  }
  const name = checkProjectName(String(rawName));
  const db: Provider = imported?.schema.provider ?? options.db ?? spec?.db ?? (session ? await session.askDatabase() : "sqlite");
  const target = path.resolve(context.cwd, name);
  const relativeTarget = path.relative(context.cwd, target) || ".";
  checkTarget(target, relativeTarget, options.force, staging.isMissingOrEmpty);
  // Before the install question and long before any write: a wrong URL is the user's to fix now.
  const database = await chosenDatabase(options, db, name, session);
  const install = options.install ?? (session ? await session.askInstall() : true);
  const gitSkipped = !options.git ? "--no-git" : await (await import("../../scaffold/git-init.js")).gitSkipReason(path.dirname(target), context.env);

  const dependency = planBackantDependency();
  const { planProjectFiles } = await import("../../scaffold/project-files.js");
  let files: Array<{ path: string; content: string }>;
  try {
    const models = spec ? Object.entries(spec.fields).map(([modelName, fields]) => ({ name: modelName, fields })) : undefined;
    files = await planProjectFiles({ name, db, backantDependency: dependency.spec, ...(models ? { models } : {}), ...(imported ? { imported } : {}), ...(database ? { databaseUrl: database.url } : {}) });
    if (spec && spec.routes.length > 0) files = (await import("../../scaffold/spec-routes.js")).addSpecRoutes(files, spec.routes);
  } catch (error) {
    if (spec && error instanceof BackantError) {
      const { specError, specProblemOf } = await import("../../scaffold/spec.js");
      throw specError([specProblemOf(error)], specLabel);
    }
    if (error instanceof BackantError) throw error;
    if (imported)
      throw new CommandFailure(`The project could not be generated for the imported schema: ${(error as Error).message}; nothing was written.`, { code: "IMPORT_SCAFFOLD_FAILED", hint: "This is a backant bug: report it with the schema.", cause: error });
    throw new CommandFailure(`The project templates failed to render: ${(error as Error).message}; nothing was written.`, { code: "TEMPLATE_FAILED", cause: error });
  }
  const planned = [...files.map((file) => file.path), ...(dependency.vendorFile ? [dependency.vendorFile] : [])].sort();
  const generatedPaths = install ? ["node_modules", "package-lock.json"] : [];
  const clashes = options.force ? staging.clashesIn(target, [...planned, ...generatedPaths]) : [];
  if (clashes.length > 0) {
    throw new InputError(`${relativeTarget} already has ${clashes.length === 1 ? "a file" : `${clashes.length} files`} the project would write, and existing files are never overwritten:\n${clashes.map((file) => `  ${file}`).join("\n")}`, {
      code: "TARGET_CLASH",
      hint: "Move or delete those files, or create the project in a new folder.",
      details: { clashes },
    });
  }

  const modelNames = files.flatMap((file) => /^src\/models\/(\w+)\.model\.ts$/.exec(file.path)?.[1] ?? []);
  const next = imported ? importedNextSteps(relativeTarget, db, install, options.fromDatabase !== undefined || database !== undefined) : nextSteps(relativeTarget, db, install, modelNames, database !== undefined);
  const data = {
    name,
    path: target,
    relativePath: relativeTarget,
    db,
    ...(database ? { database: { url: redactUrl(database.url), exists: database.exists } } : {}),
    dryRun: options.dryRun,
    files: planned,
    models: modelNames,
    routes: (spec?.routes ?? []).map((route) => route.name),
    ...(imported ? { imported: { source: options.fromSchema ?? "database", naming: imported.schema.naming, notes: imported.schema.notes } } : {}),
    dependency: { backant: dependency.spec, source: dependency.source },
    installed: false,
    next,
  };
  if (options.dryRun) {
    const lines = [`Dry run: nothing written. ${relativeTarget}/ would hold ${planned.length} files (${db}):`, ...planned.map((file) => `  ${file}`)];
    const then = [...(install ? steps(files).map((step) => [step.command, ...step.args].join(" ")) : []), ...(gitSkipped ? [] : ["git init and a first commit"])];
    if (then.length > 0) lines.push("", `Then ${then.join(", then ")} in a staging folder, renamed to ${relativeTarget}/ when all succeeded.`);
    return { lines, data: { ...data, git: gitSkipped ? { initialized: false, reason: gitSkipped } : { initialized: false, reason: "dry run" } } };
  }

  const progress = progressReporter(context, { verbose: options.verbose, terminal: process.stderr.isTTY === true ? process.stderr : undefined, inFrame: session?.opened === true });
  const copies = [];
  if (dependency.source === "local" && dependency.vendorFile) {
    // Packed once per build of backant; later projects copy the cached tarball.
    const cached = existsSync(cachedTarballPath(dependency, context.env));
    const started = performance.now();
    if (!cached) progress.start("Packing backant for the project's vendor/ folder (npm pack)");
    const tarball = await packedTarball(dependency, { env: context.env }).catch((error: unknown) => {
      progress.fail("Packing backant");
      throw error;
    });
    if (!cached) progress.succeed("Packed backant", Math.round(performance.now() - started));
    copies.push({ path: dependency.vendorFile, from: tarball });
  }
  // Set by the staging's last step (a closure TypeScript does not follow, hence the annotation).
  let git = { initialized: false, reason: gitSkipped ?? "" } as GitResult;
  const finish = gitSkipped
    ? undefined
    : async (dir: string) => {
        const title = "Making a git repository (git init, first commit)";
        const started = performance.now();
        progress.start(title);
        git = await (await import("../../scaffold/git-init.js")).initRepository(dir, context.env);
        if (git.initialized) progress.succeed(title, Math.round(performance.now() - started));
        else progress.fail(title);
      };
  const result = await staging.createStaged({ target, files, copies, steps: install ? steps(files) : [], allowExisting: options.force, env: context.env, verbose: options.verbose, progress, finish });

  const made = [`${planned.length} files`, db, ...(install ? ["dependencies installed"] : []), ...(git.initialized ? [`git repository on ${git.branch} with a first commit`] : [])];
  const lines = [`Created ${relativeTarget}/ (${made.join(", ")}).`];
  // Skipped on purpose (--no-git, no git, inside a repository) is quiet; a git that failed is worth a line.
  if (!git.initialized && !gitSkipped) lines.push(`Note: the project is not a git repository (${git.reason}); run \`git init\` in it yourself.`);
  lines.push("", "Next:", ...next.map((line) => `  ${line}`));
  return { lines, data: { ...data, installed: install, steps: result.steps, git } };
}

/**
 * The PostgreSQL database of a new project: --database-url, or in a terminal the answer to a
 * question, checked by connecting (InputError, exit 2, before anything is written). Undefined when
 * neither applies: .env gets the default URL, unchecked (the compose file's server may come later).
 */
async function chosenDatabase(options: NewOptions, db: Provider, name: string, session: PromptSession | undefined): Promise<CheckedDatabaseUrl | undefined> {
  const { checkPostgresUrl, databaseUrlProblem } = await import("../../scaffold/database-url.js");
  if (options.databaseUrl !== undefined) {
    if (db !== "postgresql")
      throw new InputError(`--database-url is for PostgreSQL projects; this one is ${db}.`, { code: "DATABASE_URL_NOT_POSTGRESQL", hint: "Add --db postgresql, or leave out --database-url." });
    return checkPostgresUrl(String(options.databaseUrl), "--database-url");
  }
  if (!session || db !== "postgresql" || options.fromDatabase !== undefined) return undefined;
  const { defaultDatabaseUrl } = await import("../../scaffold/project-files.js");
  const url = await session.askDatabaseUrl(defaultDatabaseUrl(db, name), databaseUrlProblem);
  return checkPostgresUrl(url, "PostgreSQL URL");
}

/** The models of --from-schema FILE or --from-database URL, printed as the import writes them. */
async function importedModels(options: NewOptions, context: CommandContext) {
  if (options.fromSchema === undefined && options.fromDatabase === undefined) return undefined;
  const [{ importPrismaSchema }, { printModelFiles }] = await Promise.all([import("../../import/import-schema.js"), import("../../import/model-code.js")]);
  let text: string | Array<[string, string]>;
  let source: string;
  let databaseUrl: string | undefined;
  if (options.fromSchema !== undefined) {
    const file = path.resolve(context.cwd, options.fromSchema);
    if (!existsSync(file)) throw new InputError(`--from-schema: ${file} does not exist.`, { code: "NO_SCHEMA", hint: "Give the path of a Prisma schema file, or of a folder of .prisma files." });
    const files = (await import("../../import/schema-files.js")).readSchemaFiles(file, context.cwd);
    text = files.length === 1 ? files[0]![1] : files;
    source = path.relative(context.cwd, file) || file;
  } else {
    const url = String(options.fromDatabase ?? "").trim();
    const provider = /^file:/i.test(url) ? "sqlite" : /^postgres(ql)?:/i.test(url) ? "postgresql" : /^(mysql|mariadb):/i.test(url) ? "mysql" : undefined;
    if (!provider) throw new InputError("--from-database needs a postgresql://, mysql:// or file: URL.", { code: "BAD_DATABASE_URL", hint: 'e.g. --from-database "postgresql://me@localhost:5432/legacy"' });
    const { introspectDatabase } = await import("../../import/introspect-database.js");
    // A relative SQLite path is the user's, from where they run the command; the project gets it absolute.
    databaseUrl = provider === "sqlite" ? `file:${path.resolve(context.cwd, url.replace(/^file:/i, "").split("?")[0]!)}` : url;
    text = await introspectDatabase(databaseUrl, provider, context.cwd);
    source = "the database";
  }
  const schema = importPrismaSchema(text, source);
  return { schema, files: printModelFiles(schema), ...(databaseUrl ? { databaseUrl } : {}) };
}

function importedNextSteps(relativeTarget: string, db: Provider, installed: boolean, fromDatabase: boolean): string[] {
  const steps = [`cd ${relativeTarget.includes(" ") ? JSON.stringify(relativeTarget) : relativeTarget}`];
  if (!installed) steps.push("npm install");
  if (!fromDatabase) steps.push(`set DATABASE_URL in .env to the ${db === "sqlite" ? "SQLite file" : "database"} the schema describes`);
  steps.push("npm test                 # the generated tests, on a test database of their own");
  steps.push("npm run build && npm start   # serves CRUD on the database without changing its tables");
  steps.push('npx backant migrate "init"   # the first migration only baselines the existing database');
  return steps;
}

function checkTarget(target: string, relativeTarget: string, force: boolean, isMissingOrEmpty: (folder: string) => boolean): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) {
    throw new InputError(`${relativeTarget} exists and is not a folder.`, { code: "TARGET_EXISTS", hint: "Choose another project name, or move that file away." });
  }
  if (!force && !isMissingOrEmpty(target)) {
    throw new InputError(`The folder ${relativeTarget} already exists and is not empty.`, {
      code: "TARGET_NOT_EMPTY",
      hint: "Choose another name, empty the folder, or pass --force to add the project's files to it (existing files are never overwritten).",
    });
  }
}

/** npm install, then prisma generate unless the project's own postinstall script already runs it. */
function steps(files: Array<{ path: string; content: string }>): StagedStep[] {
  // --loglevel=info: npm logs each request and install script, which the status line follows; those
  // lines are not shown otherwise (--verbose shows what npm prints at its usual level).
  const install: StagedStep = {
    title: "Installing dependencies (npm install)",
    command: "npm",
    args: ["install", "--no-audit", "--no-fund", "--loglevel=info"],
    status: npmProgress,
    hide: /^npm (http|info) /,
  };
  const pkg = files.find((file) => file.path === "package.json");
  const scripts = pkg ? ((JSON.parse(pkg.content) as { scripts?: Record<string, string> }).scripts ?? {}) : {};
  if (/prisma generate|backant sync/.test(scripts.postinstall ?? "") || !files.some((file) => file.path === "prisma/schema.prisma")) return [install];
  return [install, { title: "Generating the Prisma client (prisma generate)", command: "prisma", args: ["generate"] }];
}

function nextSteps(relativeTarget: string, db: Provider, installed: boolean, modelNames: string[], databaseGiven: boolean): string[] {
  const steps = [`cd ${relativeTarget.includes(" ") ? JSON.stringify(relativeTarget) : relativeTarget}`];
  if (!installed) steps.push("npm install");
  if (db !== "sqlite" && !databaseGiven) steps.push(`docker compose up -d db   # or set DATABASE_URL in .env to your ${db === "postgresql" ? "PostgreSQL" : "MySQL"} server`);
  steps.push("npm run dev");
  const example = modelNames.includes("Users") ? ' customer:belongsTo(Users)' : "";
  steps.push(`npx backant add-model Orders --fields "total:decimal(10,2) status:enum(pending,paid)${example}"`);
  steps.push('npx backant migrate "init"');
  return steps;
}

import { existsSync, statSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import { defineCommand, type CommandContext } from "../command.js";
import { BackantError, CommandFailure, InputError, Interrupted } from "../../errors.js";
import type { Provider } from "../../project/config.js";
import type { ProjectSpec } from "../../scaffold/spec.js";
import type { Progress, StagedStep } from "../../scaffold/staging.js";

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
      .conflicts("from-schema", ["from-database", "spec"])
      .conflicts("from-database", "spec"),
  run: async (options, context) => {
    // A short-lived process validating one schema: Liftoff alone compiles Prisma's validator for less CPU.
    (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
    const [{ checkProjectName }, { cachedTarballPath, planBackantDependency, packedTarball }, staging] = await Promise.all([
      import("../../scaffold/project-name.js"),
      import("../../scaffold/local-package.js"),
      import("../../scaffold/staging.js"),
    ]);

    const interactive = !options.yes && !context.report && process.stdin.isTTY === true && process.stderr.isTTY === true;
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

    const answers = interactive ? await ask({ ...options, ...(imported ? { db: imported.schema.provider } : {}) }, spec) : {};
    const rawName = options.name ?? answers.name ?? spec?.name;
    if (rawName === undefined) {
      throw new InputError("Name the project: create-backant NAME (or backant new NAME).", {
        code: "NO_PROJECT_NAME",
        hint: 'The name becomes the folder and the package name, e.g. "create-backant shop-api". In a terminal without --yes, the command asks for it.',
      });
    }
    const name = checkProjectName(String(rawName));
    const db: Provider = imported?.schema.provider ?? options.db ?? answers.db ?? spec?.db ?? "sqlite";
    const install = options.install ?? answers.install ?? true;
    const target = path.resolve(context.cwd, name);
    const relativeTarget = path.relative(context.cwd, target) || ".";
    checkTarget(target, relativeTarget, options.force, staging.isMissingOrEmpty);

    const dependency = planBackantDependency();
    const { planProjectFiles } = await import("../../scaffold/project-files.js");
    let files: Array<{ path: string; content: string }>;
    try {
      const models = spec ? Object.entries(spec.fields).map(([modelName, fields]) => ({ name: modelName, fields })) : undefined;
      files = await planProjectFiles({ name, db, backantDependency: dependency.spec, ...(models ? { models } : {}), ...(imported ? { imported } : {}) });
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
    const next = imported ? importedNextSteps(relativeTarget, db, install, options.fromDatabase !== undefined) : nextSteps(relativeTarget, db, install, modelNames);
    const data = {
      name,
      path: target,
      db,
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
      if (install) lines.push("", `Then ${steps(files).map((step) => [step.command, ...step.args].join(" ")).join(", then ")} in a staging folder, renamed to ${relativeTarget}/ when all succeeded.`);
      return { lines, data };
    }

    const progress = await progressReporter(context, options.verbose);
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
    const result = await staging.createStaged({ target, files, copies, steps: install ? steps(files) : [], allowExisting: options.force, env: context.env, verbose: options.verbose, progress });

    const lines = [`Created ${relativeTarget}/ (${planned.length} files, ${db}${install ? ", dependencies installed" : ""}).`, "", "Next:", ...next.map((line) => `  ${line}`)];
    return { lines, data: { ...data, installed: install, steps: result.steps } };
  },
});

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
  const install: StagedStep = { title: "Installing dependencies (npm install)", command: "npm", args: ["install", "--no-audit", "--no-fund"] };
  const pkg = files.find((file) => file.path === "package.json");
  const scripts = pkg ? ((JSON.parse(pkg.content) as { scripts?: Record<string, string> }).scripts ?? {}) : {};
  if (/prisma generate|backant sync/.test(scripts.postinstall ?? "") || !files.some((file) => file.path === "prisma/schema.prisma")) return [install];
  return [install, { title: "Generating the Prisma client (prisma generate)", command: "prisma", args: ["generate"] }];
}

function nextSteps(relativeTarget: string, db: Provider, installed: boolean, modelNames: string[]): string[] {
  const steps = [`cd ${relativeTarget.includes(" ") ? JSON.stringify(relativeTarget) : relativeTarget}`];
  if (!installed) steps.push("npm install");
  if (db !== "sqlite") steps.push(`docker compose up -d db   # or set DATABASE_URL in .env to your ${db === "postgresql" ? "PostgreSQL" : "MySQL"} server`);
  steps.push("npm run dev");
  const example = modelNames.includes("Users") ? ' customer:belongsTo(Users)' : "";
  steps.push(`npx backant add-model Orders --fields "total:decimal(10,2) status:enum(pending,paid)${example}"`);
  steps.push('npx backant migrate "init"');
  return steps;
}

interface Answers {
  name?: string;
  db?: Provider;
  install?: boolean;
}

/** Asks in a terminal for what neither a flag nor the spec gave. */
async function ask(options: NewOptions, spec: ProjectSpec | undefined): Promise<Answers> {
  const clack = await import("@clack/prompts");
  const { checkProjectName } = await import("../../scaffold/project-name.js");
  const output = process.stderr;
  const cancelled = (value: unknown): value is symbol => clack.isCancel(value);
  // Ctrl-C (or Escape) at a prompt: the entry point prints this once and exits 130, as for Ctrl-C anywhere.
  const cancel = () => new Interrupted("Cancelled at the prompt; nothing was written.");
  const answers: Answers = {};
  if (options.name === undefined && spec?.name === undefined && options.db === undefined && spec?.db === undefined && options.install === undefined) {
    clack.intro("create-backant", { output });
  }
  if (options.name === undefined && spec?.name === undefined) {
    const name = await clack.text({
      message: "Project name",
      placeholder: "my-api",
      defaultValue: "my-api",
      output,
      validate: (value) => {
        if (!value) return undefined;
        try {
          checkProjectName(value);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (cancelled(name)) throw cancel();
    answers.name = name || "my-api";
  }
  if (options.db === undefined && spec?.db === undefined) {
    const db = await clack.select<Provider>({
      message: "Database",
      output,
      options: [
        { value: "sqlite", label: "SQLite", hint: "a file, nothing to install" },
        { value: "postgresql", label: "PostgreSQL", hint: "docker-compose.yml included" },
        { value: "mysql", label: "MySQL", hint: "needs Prisma's native engine" },
      ],
      initialValue: "sqlite",
    });
    if (cancelled(db)) throw cancel();
    answers.db = db;
  }
  if (options.install === undefined) {
    const install = await clack.confirm({ message: "Install dependencies now (npm install)?", initialValue: true, output });
    if (cancelled(install)) throw cancel();
    answers.install = install;
  }
  return answers;
}

/**
 * A spinner line in a terminal; plain lines otherwise (and with --verbose); nothing under --report.
 * Not clack's spinner: it puts the terminal in raw mode and answers Ctrl-C with process.exit(0),
 * which skipped the clean-up (npm kept installing into a removed folder) and reported success.
 * Here Ctrl-C stays a SIGINT, which the staging step turns into a clean stop and exit 130.
 */
async function progressReporter(context: CommandContext, verbose: boolean): Promise<Progress> {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  if (context.report) return { start() {}, succeed() {}, fail() {}, output() {} };
  if (verbose || process.stderr.isTTY !== true) {
    return {
      start: (title) => context.log(`${title}...`),
      succeed: (title, ms) => context.log(`${title}: done in ${seconds(ms)}`),
      fail: (title) => context.log(`${title}: failed`),
      output: (line) => context.log(`  ${line}`),
    };
  }
  const colors = pc.createColors(!context.env.NO_COLOR);
  const frames = ["\u25D2", "\u25D0", "\u25D3", "\u25D1"];
  const write = (text: string) => process.stderr.write(`\r\u001b[2K${text}`);
  let timer: NodeJS.Timeout | undefined;
  const stop = (line: string) => {
    clearInterval(timer);
    timer = undefined;
    write(line + "\n");
  };
  return {
    start: (title) => {
      let frame = 0;
      write(`${colors.magenta(frames[0] as string)}  ${title}`);
      timer = setInterval(() => write(`${colors.magenta(frames[++frame % frames.length] as string)}  ${title}`), 120);
      timer.unref();
    },
    succeed: (title, ms) => stop(`${colors.green("\u25C7")}  ${title} (${seconds(ms)})`),
    fail: (title) => stop(`${colors.red("\u25A0")}  ${title}: failed`),
    output: () => {},
  };
}

// Benchmark of `backant import`: schema -> model files -> schema, on the largest corpus schema
// (test/import/corpus) and on a generated schema of 1,000 models. Run after a build:
//   npm run build && node bench/import.mjs [--write]
// --write replaces the "import" section of bench/README.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { loadAverage, machine, median, repo, writeSection } from "./throughput/report.mjs";

const dist = (file) => import(pathToFileURL(path.join(repo, "dist", file)).href);
const { importPrismaSchema } = await dist("import/import-schema.js");
const { printModelFiles } = await dist("import/model-code.js");
const { loadModelSet, loaderCounts } = await dist("schema/load-models.js");
const { renderPrismaSchema } = await dist("schema/render-prisma.js");
const { validatePrismaSchema, prismaSchemaWasm } = await dist("schema/validate-prisma.js");
const { createJiti } = await import("jiti");

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const work = path.join(repo, ".tmp", `bench-import-${process.pid}`);
const withoutUrls = (text) => text.replace(/^(\s*)(url|directUrl|shadowDatabaseUrl)(\s*=.*)$/gm, "$1");

/** A PostgreSQL schema of `count` models in a camelCase database: relations to the previous model, enums, maps, indexes, docs. */
function generatedSchema(count) {
  const out = ['datasource db {\n  provider = "postgresql"\n}\n'];
  for (let e = 0; e < 10; e++) out.push(`enum Status${e} {\n  draft\n  live @map("LIVE")\n  gone\n\n  @@map("status_${e}")\n}\n`);
  for (let i = 0; i < count; i++) {
    const lines = [
      "  id        String    @id @default(cuid())",
      "  title     String    @db.VarChar(200)",
      "  slug      String    @unique",
      "  body      String?",
      "  price     Decimal   @db.Decimal(10, 2)",
      "  qty       Int       @default(0)",
      `  status    Status${i % 10}   @default(draft)`,
      "  meta      Json?",
      "  tags      String[]",
      "  /// When the row was made",
      "  createdAt DateTime  @default(now()) @db.Timestamptz(6)",
      "  updatedAt DateTime  @updatedAt",
    ];
    if (i > 0) lines.push(`  parentId  String?`, `  parent    Thing${i - 1}? @relation(fields: [parentId], references: [id], onDelete: SetNull)`);
    if (i < count - 1) lines.push(`  children  Thing${i + 1}[]`);
    lines.push("", "  @@index([status, createdAt(sort: Desc)])", ...(i > 0 ? ["  @@index([parentId])"] : []));
    out.push(`model Thing${i} {\n${lines.join("\n")}\n}\n`);
  }
  return out.join("\n");
}

function timeSync(fn, runs = RUNS) {
  const first = performance.now();
  let value = fn();
  const cold = performance.now() - first;
  const taken = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    taken.push(performance.now() - start);
  }
  return { cold, median: median(taken), value };
}

async function timeAsync(fn, runs = RUNS) {
  const taken = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = await fn();
    taken.push(performance.now() - start);
  }
  return { median: median(taken), value };
}

/** A project folder holding the printed files, with backant installed (this build), as after `backant import`. */
function writeProject(name, files) {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, "src/models"), { recursive: true });
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  symlinkSync(repo, path.join(dir, "node_modules/backant"), "dir");
  for (const [file, content] of files) writeFileSync(path.join(dir, "src/models", file), content);
  return dir;
}

/** The old loader path for the same files: jiti for every file (what a shared-module import used to take). */
async function loadWithJiti(dir, files) {
  const jiti = createJiti(import.meta.url, { alias: { "backant/model": path.join(repo, "dist/model/index.js") }, moduleCache: false, interopDefault: false });
  for (const file of files) if (file.endsWith(".model.ts")) await jiti.import(path.join(dir, "src/models", file));
}

/** Two functions timed in alternation (first calls cold, then RUNS each), so both see the same machine and the same warm-up. */
function timePair(a, b) {
  const coldA = performance.now();
  let valueA = a();
  const firstA = performance.now() - coldA;
  const coldB = performance.now();
  let valueB = b();
  const firstB = performance.now() - coldB;
  const takenA = [];
  const takenB = [];
  for (let i = 0; i < RUNS; i++) {
    let start = performance.now();
    valueA = a();
    takenA.push(performance.now() - start);
    start = performance.now();
    valueB = b();
    takenB.push(performance.now() - start);
  }
  return [
    { cold: firstA, median: median(takenA), value: valueA },
    { cold: firstB, median: median(takenB), value: valueB },
  ];
}

/** Prisma's validate of the schema (one text, or the files of a schema folder). */
function prismaValidate(schema) {
  if (typeof schema === "string") return validatePrismaSchema(schema);
  prismaSchemaWasm().validate(JSON.stringify({ prismaSchema: schema, noColor: true }));
}

async function measure(label, text) {
  const [validate, imported] = timePair(() => prismaValidate(text), () => importPrismaSchema(text, label));
  const schema = imported.value;
  const printed = timeSync(() => printModelFiles(schema));
  const dir = writeProject(label.replace(/\W+/g, "-"), printed.value);
  const options = { naming: schema.naming, foreignKeyIndexes: false };
  const before = { ...loaderCounts };
  const load = await timeAsync(() => loadModelSet(dir, options));
  const direct = (loaderCounts.direct - before.direct) / RUNS;
  const jiti = await timeAsync(() => loadWithJiti(dir, [...printed.value.keys()]), Math.min(RUNS, 3));
  const set = load.value;
  const render = timeSync(() => renderPrismaSchema(set, { provider: schema.provider, datasource: schema.datasource, generator: schema.generator }));
  const size = typeof text === "string" ? text.length : text.reduce((n, [, t]) => n + t.length, 0);
  return { label, models: schema.models.length, kib: Math.round(size / 1024), validate, imported, printed, load, direct, jiti, render };
}

const ms = (v) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
const x = (a, b) => `${(a / b).toFixed(2)}x`;

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const loadBefore = loadAverage();
const started = new Date();
const results = [];
try {
  // The largest corpus schema: dub-current, 85 models over 37 files (a multi-file schema).
  const folder = path.join(repo, "test/import/corpus/dub-current/schema");
  const files = readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".prisma")).sort().map((f) => [f, withoutUrls(readFileSync(path.join(folder, f), "utf8"))]);
  results.push(await measure("dub-current (the largest corpus schema: 85 models, 53 enums, 37 files, MySQL)", files));
  results.push(await measure("1,000 generated models", generatedSchema(1000)));
} catch (error) {
  rmSync(work, { recursive: true, force: true });
  throw error;
}

/** Whole processes: `backant import` of the largest corpus schema (folder) into an empty project, against `node -e 0`. */
function wall(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return performance.now() - start;
}
const processRuns = Math.max(3, Math.min(RUNS, 5));
const cliDir = path.join(work, "cli");
mkdirSync(cliDir, { recursive: true });
const schemaFolder = path.join(repo, "test/import/corpus/dub-current/schema");
const nodeFloor = median(Array.from({ length: processRuns }, () => wall(["-e", "0"], cliDir)));
const importWall = median(
  Array.from({ length: processRuns }, () => {
    rmSync(path.join(cliDir, "src"), { recursive: true, force: true });
    rmSync(path.join(cliDir, "package.json"), { force: true });
    return wall([path.join(repo, "bin/backant.js"), "import", schemaFolder], cliDir);
  }),
);
const schemaWall = median(Array.from({ length: processRuns }, () => wall([path.join(repo, "bin/backant.js"), "schema", "--stdout"], cliDir)));
rmSync(work, { recursive: true, force: true });
const loadAfter = loadAverage();

const rows = results.map((r) =>
  `| ${r.label} | ${r.kib} KiB | ${ms(r.validate.median)} | ${ms(r.imported.median)} (${x(r.imported.median, r.validate.median)}) | ${ms(r.printed.median)} | ${ms(r.load.median)} (${Math.round(r.direct)} files direct) | ${ms(r.jiti.median)} (${x(r.jiti.median, r.load.median)} of the direct load) | ${ms(r.render.median)} (${x(r.render.median, r.validate.median)}) | ${ms(r.imported.median + r.printed.median + r.load.median + r.render.median)} |`,
);
const section = `## import

\`bench/import.mjs\` times \`backant import\`'s path in-process with the modules of \`dist/\`: **import** (\`importPrismaSchema\`: Prisma's validator, then the parser and the translation into model data), **print** (\`printModelFiles\`: the model files and enums.ts as text), **load** (\`loadModelSet\` of the printed files in a project with backant installed: model files importing the shared enums.ts load as plain JavaScript, see src/schema/load-models.ts), **render** (\`renderPrismaSchema\` of the loaded set). The baseline, measured in the same run, is Prisma's own \`validate\` of the same schema (what reading a schema costs at least); the old loader path is jiti on the same files (what a model file importing a shared module took before). Run after a build; \`--write\` replaces this section:

\`\`\`
npm run build && node bench/import.mjs --write
\`\`\`

The 1,000-model schema is generated: a camelCase PostgreSQL database, every model with a cuid id, a VarChar, a unique, a Decimal(10, 2), an enum of 10 shared ones (mapped, a mapped value), Json, a list, a documented Timestamptz, an optional relation to the model before it, two indexes (one sorted).

### Last run

${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine()}; load average ${loadBefore} before, ${loadAfter} after (shared with other work). Medians of ${RUNS} warm runs (jiti: ${Math.min(RUNS, 3)}); ratios in brackets.

| schema | size | Prisma validate (baseline) | import (× validate) | print | load, direct path | load through jiti (× direct) | render (× validate) | import + print + load + render |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

Whole processes (median of ${processRuns}): \`node -e 0\` ${ms(nodeFloor)}; \`backant import\` of dub-current's schema folder into an empty project ${ms(importWall)} (${x(importWall, nodeFloor)} \`node -e 0\`); then \`backant schema --stdout\` of the 85 imported model files ${ms(schemaWall)} (${x(schemaWall, nodeFloor)}).

First (cold) calls: ${results.map((r) => `${r.label}: import ${ms(r.imported.cold)}, render ${ms(r.render.cold)}`).join("; ")}.
`;
console.log(section);
if (process.argv.includes("--write")) writeSection("import", section);

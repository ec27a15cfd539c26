// Benchmark of the model -> schema path. Run after `npm run build`: node bench/schema.mjs
// Prints a Markdown table; copy the figures into bench/README.md ("schema" section).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { loadModelSet } = await import(path.join(repo, "dist/schema/load-models.js"));
const { renderPrismaSchema } = await import(path.join(repo, "dist/schema/render-prisma.js"));
const { validatePrismaSchema } = await import(path.join(repo, "dist/schema/validate-prisma.js"));

const workDir = path.join(repo, ".tmp", `bench-schema-${process.pid}`);

/** A project of `count` models: every model relates to the one before it, with enums, decimals, optional and unique fields. */
function writeProject(dir, count) {
  const models = path.join(dir, "src/models");
  mkdirSync(models, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type: "module", backant: { provider: "postgresql" } }));
  for (let i = 0; i < count; i++) {
    const name = `Things${i}`;
    const lines = [
      "  id: t.id(),",
      "  title: t.string(200),",
      "  slug: t.string(80).unique(),",
      "  body: t.text().optional(),",
      "  price: t.decimal(10, 2),",
      "  qty: t.int().default(0),",
      "  active: t.boolean().default(true),",
      `  status: t.enum("Things${i}Status", ["draft", "live", "gone"]).default("draft"),`,
      "  meta: t.json().optional(),",
      "  tags: t.list(t.string()),",
    ];
    if (i > 0) lines.push(`  parent: t.belongsTo("Things${i - 1}", { optional: true, onDelete: "setNull" }),`);
    if (i < count - 1) lines.push(`  children: t.hasMany("Things${i + 1}"),`);
    lines.push("  createdAt: t.createdAt(),", "  updatedAt: t.updatedAt(),");
    const source = `import { model, t } from "backant/model";\n\nexport default model("${name}", {\n${lines.join("\n")}\n}, { indexes: [["status", "createdAt"]] });\n`;
    writeFileSync(path.join(models, `${name}.model.ts`), source);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function samples(fn, runs) {
  const taken = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    taken.push(performance.now() - start);
  }
  return taken;
}

const time = (fn, runs) => median(samples(fn, runs));

/** Median CPU time (user + sys, all threads of this process) of `fn`: less sensitive to other processes than wall time. */
function cpuTime(fn, runs) {
  const taken = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    taken.push((used.user + used.system) / 1000);
  }
  return median(taken);
}

const gnuTime = "/usr/bin/time";
const haveGnuTime = spawnSync(gnuTime, ["-f", "%U", "true"]).status === 0;

/**
 * Median and fastest wall time of a command, and its median CPU time (user + sys, from GNU time when
 * present). On a shared machine the wall time grows with other processes' load; CPU time much less.
 */
function wall(command, args, options, runs) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = haveGnuTime
      ? spawnSync(gnuTime, ["-f", "__cpu %U %S", command, ...args], { stdio: "pipe", encoding: "utf8", ...options })
      : spawnSync(command, args, { stdio: "pipe", encoding: "utf8", ...options });
    walls.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
    const cpu = /__cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? "");
    if (cpu) cpus.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
  }
  return { median: median(walls), min: Math.min(...walls), cpu: cpus.length ? median(cpus) : NaN };
}

const loadBefore = os.loadavg()[0];
const rows = [];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
try {
  for (const count of [10, 100, 1000]) {
    const dir = path.join(workDir, `m${count}`);
    writeProject(dir, count);
    const loadStart = performance.now();
    await loadModelSet(dir);
    const loadMs = performance.now() - loadStart;
    // Second load: jiti's transform cache (in the OS temp folder) is warm, as on every run after the first.
    const warmStart = performance.now();
    const set = await loadModelSet(dir);
    const warmMs = performance.now() - warmStart;
    const runs = 15;
    // The first call runs cold (unoptimized JS, wasm not yet compiled), as in a one-shot CLI run.
    let start = performance.now();
    const firstText = renderPrismaSchema(set, { provider: "postgresql" });
    const firstRenderMs = performance.now() - start;
    start = performance.now();
    validatePrismaSchema(firstText);
    const firstValidateMs = performance.now() - start;
    // Then warm up; the other figures are steady-state medians.
    for (let i = 0; i < 3; i++) validatePrismaSchema(renderPrismaSchema(set, { provider: "postgresql" }));
    const renderMs = time(() => renderPrismaSchema(set, { provider: "postgresql" }), runs);
    const renderCpuMs = cpuTime(() => renderPrismaSchema(set, { provider: "postgresql" }), runs);
    const bothMs = time(() => validatePrismaSchema(renderPrismaSchema(set, { provider: "postgresql" })), runs);
    const bytes = renderPrismaSchema(set, { provider: "postgresql" }).length;
    rows.push(`| ${count} models (${(bytes / 1024).toFixed(0)} KiB of schema) | ${fmt(loadMs)} ms | ${fmt(warmMs)} ms | ${fmt(firstRenderMs)} ms | ${fmt(firstValidateMs)} ms | ${fmt(renderMs)} ms (CPU ${fmt(renderCpuMs)} ms) | ${fmt(bothMs)} ms |`);
  }

  const project = path.join(workDir, "p20");
  writeProject(project, 20);
  const cli = path.join(repo, "bin/backant.js");
  spawnSync("node", [cli, "schema", "--cwd", project], { stdio: "pipe" });
  const baseline = wall("node", ["-e", "0"], {}, 10);
  const versionCli = wall("node", [cli, "version"], {}, 10);
  const schemaCli = wall("node", [cli, "schema", "--cwd", project], {}, 10);
  const checkCli = wall("node", [cli, "schema", "--check", "--cwd", project], {}, 10);
  const prisma = wall(
    path.join(repo, "node_modules/.bin/prisma"),
    ["validate", "--schema", path.join(project, "prisma/schema.prisma")],
    { cwd: project, env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.join(repo, "bin/backant-schema-engine.js"), PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
    5,
  );

  const cpu = os.cpus();
  console.log(`Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? "?"}), ${new Date().toISOString().slice(0, 10)}, load average ${loadBefore.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}\n`);
  console.log("In-process (first calls cold; then medians of 15 warm runs):\n");
  console.log("| model set | load, first | load, cached | render, first call | validate, first call | render, median | render + validate, median |\n| --- | --- | --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
  console.log("\nWhole process on 20 models, wall time of 10 runs (5 for prisma):\n");
  console.log("| command | wall, median | wall, fastest | median vs `node -e 0` | CPU (user+sys), median |\n| --- | --- | --- | --- | --- |");
  const line = (label, w) =>
    console.log(`| ${label} | ${fmt(w.median)} ms | ${fmt(w.min)} ms | ${(w.median / baseline.median).toFixed(1)}x | ${Number.isNaN(w.cpu) ? "n/a" : `${fmt(w.cpu)} ms`} |`);
  line("`node -e 0` (baseline)", baseline);
  line("`backant version` (CLI start-up)", versionCli);
  line("`backant schema` (file up to date)", schemaCli);
  line("`backant schema --check`", checkCli);
  line("`prisma validate` (same schema)", prisma);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

// Wall time of scaffolding: `create-backant NAME --no-install --yes` and `backant add-model` inside a
// generated project, against `node -e 0` (the floor of any Node CLI) measured in the same run.
// Run after `npm run build`:
//   node bench/scaffold.mjs            print the Markdown section
//   node bench/scaffold.mjs --write    also replace the "scaffold" section of bench/README.md
// BENCH_RUNS (default 9) runs per figure, interleaved (floor, create, add-model, floor, ...) so that
// drift in the machine's load touches all three alike. BENCH_PRIORITY (default -10): nice value of
// this process and so of every timed child, so that other work on a shared machine disturbs less. BENCH_PROFILE=create|add-model writes a
// `node --cpu-prof` profile of one more run to .tmp/bench-scaffold-profiles/.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadAverage, machine, median, repo, writeSection } from "./throughput/report.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const workRoot = path.join(repo, ".tmp", `bench-scaffold-${process.pid}`);
const createCli = path.join(repo, "bin/create-backant.js");
const backantCli = path.join(repo, "bin/backant.js");
// A field name new to every run: a user's new model file is never in jiti's transform cache.
const fields = (i) => `total:int status:enum(pending,paid):default(pending) note:text? placedAt:datetime run${process.pid}x${i}:int`;
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

if (!existsSync(path.join(repo, "dist/cli/main.js"))) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}

// create-backant keeps its packed tarballs here (one folder per content hash of dist/ and templates/).
const cacheDir = path.join(repo, ".tmp/bench-scaffold-cache");
const packCount = () => (existsSync(path.join(cacheDir, "packs")) ? readdirSync(path.join(cacheDir, "packs")).length : 0);

/** One timed process: wall ms, and CPU ms (user + sys) from GNU time when present. */
function timed(args, cwd, nodeFlags = []) {
  const command = gnuTime ?? process.execPath;
  const argv = gnuTime ? ["-f", "__cpu %U %S", process.execPath, ...nodeFlags, ...args] : [...nodeFlags, ...args];
  const start = performance.now();
  const packsBefore = packCount();
  const r = spawnSync(command, argv, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", BACKANT_CACHE_DIR: cacheDir } });
  const wall = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status} in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  const cpu = /__cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
  // create-backant packs this checkout (npm pack) when dist/ or templates/ changed since its last pack.
  const packed = packCount() > packsBefore;
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, packed };
}

/** Runs that packed backant are left out of the figures (counted in the table). */
function summary(all) {
  const samples = all.filter((s) => !s.packed).length > 0 ? all.filter((s) => !s.packed) : all;
  const walls = samples.map((s) => s.wall);
  return { median: median(walls), min: Math.min(...walls), max: Math.max(...walls), cpu: median(samples.map((s) => s.cpu)), runs: samples.length, packed: all.filter((s) => s.packed) };
}

const NOTES = [
  "### Where the time goes",
  "",
  "`BENCH_PROFILE=create` or `BENCH_PROFILE=add-model` writes a `node --cpu-prof` profile of one more run. Shares of the process's CPU, from such profiles (2026-11-25, loaded machine):",
  "",
  "- create-backant: jiti about 19% (its babel transform of the model files, which are loaded from a fresh temporary folder every run, so never from jiti's cache: its cache file names include a hash of the file's path), handlebars about 15% (every template compiled again in every run), Node's module loading about 20%, GC 17%, yargs' help rendering (string-width, cliui) about 5%, Prisma's wasm validator 2%. The backant dependency's content hash reads every file of dist/ and templates/ (about 380) in each run. When dist/ or templates/ changed since the last run, `npm pack` adds several seconds (once per build; never for a user who installed backant from the registry).",
  "- add-model: jiti about 20% (the staging copy of the models has a new random path in every run, so every model file is transformed again, not only the new one), Node's module loading 27%, Prisma's wasm validator 6%, handlebars 6%.",
  "- Ways to cut it, for the owners of those files: load staged and temporary model files from a stable path (jiti's cache then hits for every file but the new one) or import the model sources backant renders itself natively (they are plain JavaScript; src/scaffold/project-files.ts `modelSetOf`, src/scaffold/model-file.ts staging); import execa only when `npm pack` runs (src/scaffold/local-package.ts); compile only the templates a command renders, or precompile them at build time.",
];

function main() {
  const priority = Number(process.env.BENCH_PRIORITY ?? -10);
  let prioritized = false;
  try {
    if (priority !== 0) os.setPriority(0, priority);
    prioritized = priority !== 0;
  } catch {
    // not permitted (not root): measured at the default priority
  }
  mkdirSync(workRoot, { recursive: true });
  try {
    // A generated project to copy before each add-model run (untimed).
    const template = path.join(workRoot, "template");
    mkdirSync(template);
    timed([createCli, "bench-project", "--no-install", "--yes"], template);
    const project = path.join(template, "bench-project");

    const loadBefore = loadAverage();
    const samples = { floor: [], version: [], create: [], addModel: [] };
    for (let i = 0; i < RUNS; i++) {
      samples.floor.push(timed(["-e", "0"], workRoot));
      samples.version.push(timed([backantCli, "version"], workRoot));

      const createDir = path.join(workRoot, `create-${i}`);
      mkdirSync(createDir);
      samples.create.push(timed([createCli, "bench-app", "--no-install", "--yes"], createDir));
      if (!existsSync(path.join(createDir, "bench-app/package.json"))) throw new Error("create-backant wrote no project");
      rmSync(createDir, { recursive: true, force: true });

      // The same folder every run, as a user's project: its own model files are in jiti's cache.
      const copy = path.join(workRoot, "project");
      rmSync(copy, { recursive: true, force: true });
      cpSync(project, copy, { recursive: true });
      samples.addModel.push(timed([backantCli, "add-model", "Orders", "--fields", fields(i)], copy));
      if (!existsSync(path.join(copy, "src/models/Orders.model.ts"))) throw new Error("add-model wrote no model file");
    }
    const loadAfter = loadAverage();

    const profile = process.env.BENCH_PROFILE;
    if (profile) {
      const dir = path.join(repo, ".tmp/bench-scaffold-profiles");
      const flags = ["--cpu-prof", `--cpu-prof-dir=${dir}`];
      if (profile === "create") {
        const createDir = path.join(workRoot, "profiled");
        mkdirSync(createDir);
        timed([createCli, "bench-app", "--no-install", "--yes"], createDir, flags);
      } else {
        const copy = path.join(workRoot, "project");
        rmSync(copy, { recursive: true, force: true });
        cpSync(project, copy, { recursive: true });
        timed([backantCli, "add-model", "Orders", "--fields", fields(RUNS)], copy, flags);
      }
      process.stderr.write(`[scaffold] profile written to ${path.relative(repo, dir)}\n`);
    }

    const floor = summary(samples.floor);
    const rows = [
      ["`node -e 0` (floor of any Node CLI)", floor, null],
      ["`backant version` (CLI start-up; 188 ms wall, 180 ms CPU on a quiet machine in the schema section)", summary(samples.version), null],
      ["`create-backant bench-app --no-install --yes`", summary(samples.create), 1000],
      [`\`backant add-model Orders --fields "..."\` in a generated project`, summary(samples.addModel), 1500],
    ];
    const ms = (n) => `${Math.round(n)} ms`;
    const lines = [
      "## scaffold",
      "",
      "`bench/scaffold.mjs` times, as whole processes, `create-backant NAME --no-install --yes` (in an empty folder; plan, staging folder, rename into place, no npm install) and `backant add-model` in a project that create-backant generated (a fresh copy in the same folder before each run, untimed; the project is not installed, so `backant/model` resolves to this repository). Run it after a build; `--write` replaces this section:",
      "",
      "```",
      "npm run build && node bench/scaffold.mjs --write",
      "```",
      "",
      `add-model's fields: \`${fields("N")}\` (the last name differs in every run: a user's new model file is never in jiti's transform cache; the project's own files are, as in a project folder used before).`,
      "",
      "### Last run",
      "",
      `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}, shared with other work: load average ${loadBefore} before, ${loadAfter} after${prioritized ? `; the timed processes ran at nice ${priority}` : ""}. ${RUNS} runs of each, interleaved; wall time median (fastest-slowest), CPU = user + sys from GNU time, median.`,
      "",
      "| command | wall, median | fastest-slowest | vs `node -e 0` | CPU, median | target | met |",
      "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
      ...rows.map(([label, s, target]) =>
        `| ${label} | ${ms(s.median)} | ${ms(s.min)}-${ms(s.max)} | ${(s.median / floor.median).toFixed(1)}x | ${Number.isNaN(s.cpu) ? "n/a" : ms(s.cpu)} | ${target ? `< ${target} ms` : ""} | ${target ? (s.median < target ? "yes" : "**no**") : ""} |`,
      ),
      "",
    ];
    // The same commands' CPU on a quiet machine, estimated by scaling with `backant version`
    // (180 ms CPU when measured quietly for the schema section): a rough guide when the run is loaded.
    const version = summary(samples.version);
    const scale = 180 / version.cpu;
    if (!Number.isNaN(scale) && scale < 0.8) {
      lines.push(
        `The machine was busy during this run (\`backant version\` took ${ms(version.cpu)} of CPU against 180 ms quietly, ${(1 / scale).toFixed(1)}x). Scaled by that factor, the quiet-machine CPU would be about ${ms(summary(samples.create).cpu * scale)} for create-backant and ${ms(summary(samples.addModel).cpu * scale)} for add-model; on a quiet machine wall time is close to CPU time for these commands. This is an estimate, not a measurement: re-run on a quiet machine.`,
        "",
      );
    }
    const create = summary(samples.create);
    if (create.packed.length > 0) {
      const packedWalls = create.packed.map((s) => s.wall);
      lines.push(
        `${create.packed.length} of ${RUNS} create-backant runs packed backant first (\`npm pack\`, done when dist/ or templates/ changed since the last pack: other work rebuilt dist/ during the run); they are left out of the figures above. Their median: ${ms(median(packedWalls))} wall, ${ms(median(create.packed.map((s) => s.cpu)))} CPU.`,
        "",
      );
    }
    lines.push(...NOTES, "");
    const section = lines.join("\n");
    console.log(section);
    if (process.argv.includes("--write")) writeSection("scaffold", section);
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
}

main();

// What the bench scripts share: medians, number formats, README sections (engine.mjs and schema.mjs predate it).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

export const machine = () => `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}`;

/** Replaces the "## <name>" section of bench/README.md (up to the next "## " heading), or appends it. */
export function writeSection(name, section) {
  const file = path.join(repo, "bench/README.md");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const start = text.search(new RegExp(`^## ${name}\\s*$`, "m"));
  if (start < 0) {
    writeFileSync(file, (text ? text.replace(/\n*$/, "\n\n") : "") + section.replace(/\n*$/, "\n"));
    return;
  }
  const rest = text.slice(start + 1);
  const m = rest.search(/^## /m);
  const next = m >= 0 ? start + 1 + m : text.length;
  const tail = text.slice(next);
  writeFileSync(file, text.slice(0, start) + section.replace(/\n*$/, tail ? "\n\n" : "\n") + tail);
}

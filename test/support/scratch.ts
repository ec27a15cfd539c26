import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach } from "vitest";
import { repoRoot } from "./paths.js";

/** A fresh folder under .tmp/ (git-ignored), from where node_modules resolution reaches the repository's. */
export function scratchDir(prefix: string): string {
  const base = path.join(repoRoot, ".tmp");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${prefix}-`));
}

/** Writes files given by paths relative to `dir`, making their folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * For a test file: returns a maker of scratch folders holding the given files; every folder it
 * made is removed after the test that made it.
 */
export function useScratchDirs(prefix: string): (files?: Record<string, string>) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) removeDir(dir);
  });
  return (files = {}) => {
    const dir = scratchDir(prefix);
    made.push(dir);
    writeFiles(dir, files);
    return dir;
  };
}

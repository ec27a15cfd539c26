import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandFailure } from "../../src/errors.js";
import { applyPlan, writeAction } from "../../src/scaffold/plan.js";
import { removeDir, scratchDir } from "../support/scratch.js";

let dir: string;
beforeEach(() => {
  dir = scratchDir("plan");
});
afterEach(() => removeDir(dir));

function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" }).sort();
}

describe("applyPlan", () => {
  it("creates folders and files, and reports what it did to each", () => {
    writeFileSync(path.join(dir, "same.txt"), "same");
    writeFileSync(path.join(dir, "old.txt"), "old");
    const applied = applyPlan([
      { path: path.join(dir, "a/b/new.txt"), content: "new", reason: "r1" },
      { path: path.join(dir, "old.txt"), content: "changed", reason: "r2" },
      { path: path.join(dir, "same.txt"), content: "same", reason: "r3" },
    ]);
    expect(applied.map((write) => write.action)).toEqual(["create", "overwrite", "unchanged"]);
    expect(readFileSync(path.join(dir, "a/b/new.txt"), "utf8")).toBe("new");
    expect(readFileSync(path.join(dir, "old.txt"), "utf8")).toBe("changed");
    expect(tree(dir)).toEqual(["a", "a/b", "a/b/new.txt", "old.txt", "same.txt"]);
  });

  it("leaves a file with the same bytes untouched (same mtime)", () => {
    const file = path.join(dir, "same.txt");
    writeFileSync(file, "same");
    const before = statSync(file).mtimeMs;
    const write = { path: file, content: "same", reason: "r" };
    expect(writeAction(write)).toBe("unchanged");
    applyPlan([write]);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it("changes nothing when one write cannot be made", () => {
    writeFileSync(path.join(dir, "keep.txt"), "keep");
    writeFileSync(path.join(dir, "blocker"), "a file where a folder is needed");
    const plan = [
      { path: path.join(dir, "keep.txt"), content: "overwritten", reason: "r1" },
      { path: path.join(dir, "fresh/x.txt"), content: "x", reason: "r2" },
      { path: path.join(dir, "blocker/y.txt"), content: "y", reason: "r3" },
    ];
    expect(() => applyPlan(plan)).toThrow(CommandFailure);
    expect(readFileSync(path.join(dir, "keep.txt"), "utf8")).toBe("keep");
    expect(tree(dir)).toEqual(["blocker", "keep.txt"]);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface OwnPackage {
  version: string;
  engines: { node: string };
}

let ownPackage: OwnPackage | undefined;

function readOwnPackage(): OwnPackage {
  // dist/version.js and src/version.ts both sit one level below the package root
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "package.json");
  ownPackage ??= JSON.parse(readFileSync(file, "utf8")) as OwnPackage;
  return ownPackage;
}

/** backant's own version (package.json): part of every hash of something backant derives, since its output may change with it. */
export function backantVersion(): string {
  return readOwnPackage().version;
}

/**
 * The Node releases backant supports, from its package.json `engines.node` (">=20.19"): a generated
 * project runs backant (and Prisma) at run time, so it needs the same; its engines field, its
 * Dockerfile and its CI workflow are all derived from this one range.
 */
export function supportedNode(): { range: string; major: number } {
  const range = readOwnPackage().engines.node;
  const major = /^>=(\d+)\.\d+(?:\.\d+)?$/.exec(range)?.[1];
  // A range of another shape would need another way to pick the image's major: fail here, in the tests.
  if (major === undefined) throw new Error(`backant's engines.node is "${range}"; expected ">=MAJOR.MINOR"`);
  return { range, major: Number(major) };
}

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The `provider` of the datasource block of a Prisma schema (a file, or a folder of .prisma files
 * for multi-file schemas), or undefined when there is no datasource block. Read, never rewritten,
 * so a light scan is enough: line comments are dropped, then the first `datasource x { ... }` is
 * searched for `provider = "..."`.
 */
export function readDatasourceProvider(schemaPath: string): string | undefined {
  for (const file of schemaFiles(schemaPath)) {
    const provider = providerInText(readFileSync(file, "utf8"));
    if (provider) return provider;
  }
  return undefined;
}

export function providerInText(text: string): string | undefined {
  const withoutComments = text.replace(/\/\/.*$/gm, "");
  const block = /\bdatasource\s+\w+\s*\{([^}]*)\}/.exec(withoutComments);
  if (!block) return undefined;
  return /\bprovider\s*=\s*"([^"]+)"/.exec(block[1] ?? "")?.[1];
}

function schemaFiles(schemaPath: string): string[] {
  if (!statSync(schemaPath).isDirectory()) return [schemaPath];
  return readdirSync(schemaPath, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".prisma"))
    .sort()
    .map((name) => path.join(schemaPath, name));
}

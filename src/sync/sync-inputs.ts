import { readdirSync, readFileSync } from "node:fs";
import { backantVersion } from "../version.js";
import path from "node:path";
import type { ProjectConfig } from "../project/config.js";
import { sha256 } from "../database/metadata.js";

/**
 * Hash of everything the rendered schema depends on: backant's version, the project's "backant"
 * settings and every file under the models folder (model files and anything they import from
 * there), by relative path and bytes. Equal hashes mean the renderer would produce the same text,
 * which lets sync skip loading the models (jiti) and Prisma's validator on the fast path.
 */
export function syncInputsHash(projectDir: string, config: ProjectConfig): string {
  const modelsDir = path.resolve(projectDir, config.modelsDir);
  const parts: string[] = [`backant ${backantVersion()}`, JSON.stringify(config)];
  let entries: string[] = [];
  try {
    entries = (readdirSync(modelsDir, { recursive: true, encoding: "utf8" }) as string[]).sort();
  } catch {
    // no models folder: the slow path reports it
  }
  const hash = sha256(parts.join("\n"));
  const files = entries.flatMap((entry) => {
    try {
      return [`${entry.split(path.sep).join("/")}\0${sha256(readFileSync(path.join(modelsDir, entry)))}`];
    } catch {
      return []; // a folder (EISDIR) or a file removed meanwhile
    }
  });
  return sha256(`${hash}\n${files.join("\n")}`);
}

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Handlebars from "handlebars";
import { sweepStale, tempName } from "../process/temp-paths.js";

/** The templates' output is TypeScript, YAML and the like, never HTML: nothing is escaped. */
const OPTIONS = { noEscape: true, strict: true } as const;

/** $BACKANT_CACHE_DIR/templates, else $XDG_CACHE_HOME/backant/templates, else ~/.cache/backant/templates (as the packed tarballs). */
function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.BACKANT_CACHE_DIR) return path.join(env.BACKANT_CACHE_DIR, "templates");
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "backant", "templates");
}

const fromSpec = (spec: string): Handlebars.TemplateDelegate => Handlebars.template(new Function(`return ${spec};`)() as Parameters<typeof Handlebars.template>[0]);

/**
 * Handlebars.compile parses a template and generates its JavaScript on first use: about a fifth of
 * create-backant's CPU for a project's 30 templates. That code (Handlebars.precompile) depends only
 * on the template text, the options and the Handlebars version, so it is kept in backant's cache
 * folder under a hash of the three; an entry that is missing, unreadable or does not evaluate is
 * compiled again, and a cache that cannot be written is only slower.
 */
export function compileTemplate(text: string): Handlebars.TemplateDelegate {
  const key = createHash("sha256").update(`${Handlebars.VERSION}\0${JSON.stringify(OPTIONS)}\0${text}`).digest("hex").slice(0, 32);
  const dir = cacheDir(process.env);
  const file = path.join(dir, `${key}.js`);
  try {
    return fromSpec(readFileSync(file, "utf8"));
  } catch {
    // not cached yet (or unusable): compile below
  }
  const spec = Handlebars.precompile(text, OPTIONS) as string;
  const template = fromSpec(spec);
  // The temp name carries the pid: one a killed run left is swept when the entry is written again.
  const temp = path.join(dir, tempName(`${key}.js.`, ".tmp"));
  try {
    mkdirSync(dir, { recursive: true });
    sweepStale(dir, `${key}.js.`, ".tmp");
    writeFileSync(temp, spec);
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
  return template;
}

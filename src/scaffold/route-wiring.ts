import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";
import { biomeOrder } from "./biome-order.js";
import type { PlannedWrite } from "./plan.js";

/**
 * Edits of files the user owns (src/routes/index.ts, a route plugin, a service) happen only at
 * marked lines (STYLE.md 5): new lines go directly above the marker, indented like it, and a
 * missing marker is refused naming the file and the line to put back, never guessed around.
 */

/** The two markers of src/routes/index.ts (CONTRACT.md). */
export const ROUTE_IMPORTS_MARKER = "// backant:route-imports";
export const ROUTES_MARKER = "// backant:routes";
/** Inside a route plugin: where add-subroute puts new endpoints. */
export const SUBROUTES_MARKER = "// backant:subroutes";
/** Inside a service class: where add-subroute puts new methods. */
export const SERVICE_METHODS_MARKER = "// backant:service-methods";

export const ROUTES_INDEX = "src/routes/index.ts";

export interface Insertion {
  marker: string;
  /** Lines (without the marker's indentation; it is added) to put above the marker. */
  lines: string[];
  /**
   * One import line to put among the local imports right above the marker, in the order Biome's
   * organizeImports keeps (by path), so the project's `npm run lint` still passes after the edit.
   */
  sortedImport?: boolean;
}

const LOCAL_IMPORT = /^import .* from "(\.\/[^"]+)";$/;

/**
 * Returns `text` with each insertion placed above its marker line. A block already present right
 * above its marker, or a one-line insertion already present anywhere in the file, is not added
 * again, so re-running a generator (add-model --force) does not wire a route twice.
 * `file` is the path shown in the error when a marker is missing or given twice.
 */
export function insertAtMarkers(text: string, insertions: Insertion[], file: string): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  let lines = text.split(/\r?\n/);
  for (const insertion of insertions) {
    const at = findMarker(lines, insertion.marker, file);
    const indent = /^\s*/.exec(lines[at] as string)?.[0] ?? "";
    const block = insertion.lines.map((line) => (line === "" ? "" : indent + line));
    const trimmed = new Set(lines.map((line) => line.trim()));
    if (block.length === 1 && trimmed.has((block[0] as string).trim())) continue;
    if (block.length > 1 && lines.slice(at - block.length, at).join("\n") === block.join("\n")) continue;
    let where = at;
    const from = block.length === 1 && insertion.sortedImport ? LOCAL_IMPORT.exec((block[0] as string).trim())?.[1] : undefined;
    if (from !== undefined) {
      while (where > 0) {
        const above = LOCAL_IMPORT.exec((lines[where - 1] as string).trim())?.[1];
        if (above === undefined || biomeOrder(above, from) <= 0) break;
        where--;
      }
    }
    lines = [...lines.slice(0, where), ...block, ...lines.slice(where)];
  }
  return lines.join(eol);
}

/** Index of the one line that is exactly the marker (surrounding whitespace aside). */
function findMarker(lines: string[], marker: string, file: string): number {
  const found = lines.flatMap((line, index) => (line.trim() === marker ? [index] : []));
  if (found.length === 1) return found[0] as number;
  if (found.length === 0) {
    throw new InputError(`The marker line "${marker}" is missing from ${file}, so backant cannot tell where to add code; nothing was written.`, {
      code: "MISSING_MARKER",
      hint: `Put the line \`${marker}\` back in ${file} where new code belongs (new lines go above it), then run the command again.`,
      details: { file, marker },
    });
  }
  throw new InputError(`The marker line "${marker}" appears ${found.length} times in ${file}; backant needs exactly one. Nothing was written.`, {
    code: "DUPLICATE_MARKER",
    hint: `Keep one \`${marker}\` line in ${file} and remove the others.`,
    details: { file, marker },
  });
}

/** Whether the text has the marker line (used to tell a generated project from a bare models folder). */
export function hasMarker(text: string, marker: string): boolean {
  return text.split(/\r?\n/).some((line) => line.trim() === marker);
}

export interface RouteWiring {
  importLine: string;
  registerLine: string;
}

/**
 * The import and the registration of a mock route (add-route) in src/routes/index.ts: the plugin
 * is the named export `<camel>Route` of src/routes/<kebab>.route.ts, mounted at /<kebab>. (A model's
 * route also takes the Prisma client: resource-context's routeWiring.)
 */
export function routeRegistration(kebab: string, camel: string): RouteWiring {
  return {
    importLine: `import { ${camel}Route } from "./${kebab}.route.js";`,
    registerLine: `await app.register(${camel}Route, { prefix: "/${kebab}" });`,
  };
}

/**
 * Plans the edit of src/routes/index.ts that wires a route in (`reason` says which). Throws
 * InputError (nothing written) when the file or a marker is missing.
 */
export function planRouteWiring(projectDir: string, wiring: RouteWiring, reason: string): PlannedWrite {
  const indexPath = path.join(projectDir, ROUTES_INDEX);
  if (!existsSync(indexPath)) {
    throw new InputError(`${ROUTES_INDEX} is missing, so the route cannot be wired in; nothing was written.`, {
      code: "MISSING_ROUTES_INDEX",
      hint: `Run this inside a project made by create-backant, or restore ${ROUTES_INDEX} with its "${ROUTE_IMPORTS_MARKER}" and "${ROUTES_MARKER}" lines.`,
    });
  }
  // The marker's indentation is the one that counts.
  const content = insertAtMarkers(
    readFileSync(indexPath, "utf8"),
    [
      { marker: ROUTE_IMPORTS_MARKER, lines: [wiring.importLine.trim()], sortedImport: true },
      { marker: ROUTES_MARKER, lines: [wiring.registerLine.trim()] },
    ],
    ROUTES_INDEX,
  );
  return { path: indexPath, content, reason };
}

/**
 * A generated project is one whose src/routes/index.ts exists: add-model then also writes the
 * model's route, service, repository and test. Its markers are checked when the wiring is planned.
 */
export function isGeneratedProject(projectDir: string): boolean {
  return existsSync(path.join(projectDir, ROUTES_INDEX));
}

import { InputError } from "../errors.js";
import { lowerFirst, snakeCase, upperFirst } from "../schema/naming.js";
import { checkNoSurroundingSpace, MAX_NAME_LENGTH, shortened } from "./name-rules.js";

/**
 * Names of routes and subroutes (`backant add-route order-stats`, `backant add-subroute users
 * profile`): one word list gives the URL segment and file stem (kebab-case), the identifiers
 * (camelCase) and the method suffix (PascalCase). BackAnt takes Python identifiers; we also take
 * the kebab-case that URLs use.
 */
export interface RouteName {
  /** What the user typed. */
  raw: string;
  /** URL segment and file stem: "order-stats". */
  kebab: string;
  /** Identifier stem: "orderStats". */
  camel: string;
  /** Method and type suffix: "OrderStats". */
  pascal: string;
}

/**
 * Words that cannot name a route: JavaScript's reserved words (the name becomes identifiers), and
 * what the generated project already uses: src/routes/index.ts, /health, /ready and the docs page.
 */
const JS_RESERVED = new Set(
  (
    "await break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if implements import in instanceof interface let new null package private protected public return static " +
    "super switch this throw true try typeof var void while with yield arguments eval constructor prototype"
  ).split(" "),
);
const PROJECT_RESERVED = new Set(["index", "health", "ready", "docs", "documentation"]);

const hintFor = (what: "route" | "subroute") =>
  what === "route"
    ? 'Route names are words in kebab-case, camelCase or snake_case: "reports", "order-stats". The file goes to src/routes/<name>.route.ts.'
    : 'Subroute names are words in kebab-case, camelCase or snake_case: "profile", "monthly-summary".';

/** Returns the name's forms when it can name a route (or subroute); throws InputError saying why not. */
export function checkRouteName(raw: string, what: "route" | "subroute" = "route"): RouteName {
  const hint = hintFor(what);
  if (raw.trim() === "") throw new InputError(`The ${what} name is empty.`, { code: "BAD_ROUTE_NAME", hint });
  checkNoSurroundingSpace(raw, `${what} name`, hint, "BAD_ROUTE_NAME");
  if (/[/\\]/.test(raw) || raw.includes("..")) {
    throw new InputError(`Invalid ${what} name ${shortened(raw)}: a ${what} name is not a path (no "/", "\\" or "..").`, { code: "BAD_ROUTE_NAME", hint });
  }
  if (!/^[A-Za-z][A-Za-z0-9]*([-_][A-Za-z0-9]+)*$/.test(raw)) {
    throw new InputError(`Invalid ${what} name ${shortened(raw)}: use letters and digits, words joined by "-" or "_", starting with a letter.`, {
      code: "BAD_ROUTE_NAME",
      hint,
    });
  }
  // The same word split as a model's route (resource-context's kebabCase): "HTTPLogs" -> http-logs.
  if (raw.length > MAX_NAME_LENGTH) {
    throw new InputError(`Invalid ${what} name ${shortened(raw)}: it is ${raw.length} characters long; at most ${MAX_NAME_LENGTH}.`, { code: "BAD_ROUTE_NAME", hint });
  }
  const words = snakeCase(raw.replaceAll("-", "_")).split("_").filter(Boolean);
  const kebab = words.join("-");
  const pascal = words.map(upperFirst).join("");
  const camel = lowerFirst(pascal);
  for (const form of new Set([raw, kebab, camel])) {
    if (JS_RESERVED.has(form)) {
      throw new InputError(`Invalid ${what} name "${raw}": "${form}" is a reserved word in JavaScript.`, { code: "RESERVED_ROUTE_NAME", hint });
    }
  }
  if (what === "route") checkRoutePathFree(kebab, `route name "${raw}"`);
  return { raw, kebab, camel, pascal };
}

/**
 * Refuses a route path the generated app itself serves (/health, /ready, /docs): a model or route mounted
 * there would fail at start-up with a duplicated route.
 */
export function checkRoutePathFree(kebab: string, what: string): void {
  if (!PROJECT_RESERVED.has(kebab)) return;
  throw new InputError(`Invalid ${what}: the generated project already uses "${kebab}" (/${kebab}).`, {
    code: "RESERVED_ROUTE_NAME",
    hint: `Choose another name. Reserved paths: ${[...PROJECT_RESERVED].map((name) => `/${name}`).join(", ")}.`,
  });
}

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** "get" -> "GET"; throws InputError for a method the generators do not write. */
export function checkHttpMethod(raw: string): HttpMethod {
  const upper = raw.toUpperCase();
  if ((HTTP_METHODS as readonly string[]).includes(upper)) return upper as HttpMethod;
  throw new InputError(`Unknown HTTP method ${shortened(raw)}.`, { code: "BAD_METHOD", hint: `Use one of ${HTTP_METHODS.join(", ")}.` });
}

import { InputError } from "../errors.js";
import { MODEL_NAME, RESERVED_TYPE_NAMES, snakeCase } from "../schema/naming.js";
import { checkNoSurroundingSpace, MAX_NAME_LENGTH, shortened } from "./name-rules.js";
import { checkRoutePathFree } from "./route-name.js";

const hint = 'Model names are PascalCase identifiers, plural by convention: "Orders", "OrderLines".';

/** Returns the name when it can be a model (and a file name); throws InputError saying why not. */
export function checkModelName(raw: string): string {
  if (raw.trim() === "") throw new InputError("The model name is empty.", { code: "BAD_MODEL_NAME", hint });
  checkNoSurroundingSpace(raw, "model name", hint, "BAD_MODEL_NAME");
  if (/[/\\]/.test(raw) || raw.includes("..")) {
    throw new InputError(`Invalid model name ${shortened(raw)}: a model name is not a path (no "/", "\\" or "..").`, {
      code: "BAD_MODEL_NAME",
      hint: `${hint} The file goes to src/models/<Name>.model.ts.`,
    });
  }
  if (!MODEL_NAME.test(raw)) {
    const suggestion = toPascalCase(raw);
    const because = /^[A-Za-z][A-Za-z0-9_-]*$/.test(raw) ? "it is not PascalCase" : "it is not an identifier";
    throw new InputError(
      `Invalid model name ${shortened(raw)}: ${because}.` + (suggestion && suggestion !== raw ? ` Did you mean "${suggestion}"?` : ""),
      { code: "BAD_MODEL_NAME", hint },
    );
  }
  const table = snakeCase(raw);
  if (table.length > MAX_NAME_LENGTH) {
    throw new InputError(`Invalid model name ${shortened(raw)}: its table name would be ${table.length} characters long, and databases take at most ${MAX_NAME_LENGTH}.`, {
      code: "BAD_MODEL_NAME",
      hint: `${hint} Choose a shorter name.`,
    });
  }
  if (RESERVED_TYPE_NAMES.has(raw)) {
    throw new InputError(`Invalid model name "${raw}": Prisma reserves it.`, {
      code: "RESERVED_MODEL_NAME",
      hint: `Choose another name, e.g. "${raw}s" or "App${raw}". Reserved: ${[...RESERVED_TYPE_NAMES].join(", ")}.`,
    });
  }
  // The model's CRUD route is /<kebab-name>: Health, Ready or Docs would take the app's own /health, /ready or /docs.
  checkRoutePathFree(snakeCase(raw).replaceAll("_", "-"), `model name "${raw}"`);
  return raw;
}

/** "order_lines", "order-lines", "orderLines", "ORDER LINES" -> "OrderLines"; "" when nothing usable is left. */
export function toPascalCase(raw: string): string {
  const words = raw.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  const pascal = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()).join("");
  return /^[A-Z]/.test(pascal) ? pascal : "";
}

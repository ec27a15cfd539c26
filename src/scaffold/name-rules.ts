import { InputError } from "../errors.js";

/** Rules every name a user gives a generator follows (models, fields, routes, projects). */

/**
 * PostgreSQL cuts identifiers at 63 bytes (NAMEDATALEN - 1) with only a notice, so two long model
 * names could end up as one table; the table is the snake_case of the name. It also keeps every
 * file name (`<Name>.model.ts`, `<kebab>.repository.ts`) far below the 255 bytes a file system takes.
 */
export const MAX_NAME_LENGTH = 63;

/** A name given with spaces around it: refused rather than trimmed, so what is written is what was typed. */
export function checkNoSurroundingSpace(raw: string, what: string, hintText: string, code: string): void {
  if (raw.trim() === raw) return;
  throw new InputError(`Invalid ${what} ${shortened(raw)}: it starts or ends with white space.`, { code, hint: `${hintText} Remove the spaces around the name.` });
}

/** A name as messages quote it: whole when short, its start and length when long (one line, always). */
export function shortened(raw: string): string {
  return raw.length <= 80 ? JSON.stringify(raw) : `${JSON.stringify(raw.slice(0, 40))}... (${raw.length} characters)`;
}

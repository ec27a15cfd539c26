import slugify from "@sindresorhus/slugify";
import { InputError } from "../errors.js";

// A module of its own: slugify builds its transliteration tables when loaded (about 10 ms), and every
// sync reads the migration folders while only `backant migrate` names a new one.
/** "add phone" -> "add_phone" (Prisma's folder style: lower case, underscores). */
export function migrationSlug(message: string): string {
  const slug = slugify(message, { separator: "_" }).slice(0, 200).replace(/_+$/, "");
  if (slug === "") {
    throw new InputError(`"${message}" is not usable as a migration name.`, { code: "BAD_MIGRATION_NAME", hint: 'Describe the change in a few words with letters or digits, e.g. backant migrate "add phone".' });
  }
  return slug;
}

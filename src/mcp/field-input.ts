import { z } from "zod";
import { InputError } from "../errors.js";
import { fieldSpecSyntax, fieldTypeNames, splitSpecs } from "../scaffold/field-spec.js";

/**
 * add_model takes its fields as the CLI's --fields text or as a list of objects. The objects are
 * written back as --fields specs and parsed by the CLI's own parser (src/scaffold/field-spec.ts),
 * so both inputs meet the same checks and the same one-line messages; zod checks only the shape.
 */
export const structuredFieldSchema = z.object({
  name: z.string().describe("Field name, camelCase: total, customer, createdAt"),
  type: z
    .string()
    .describe(`Type with its arguments, as in --fields: string(200), decimal(10,2), enum(pending,paid), belongsTo(Users), string[]. Types: ${fieldTypeNames.join(", ")}`),
  optional: z.boolean().optional().describe("Nullable column (the ? of --fields)"),
  unique: z.boolean().optional(),
  index: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional().describe("Default value, as :default(value) in --fields: 0, true, pending, now()"),
});

export type StructuredField = z.infer<typeof structuredFieldSchema>;

export const fieldsDescription = `Fields in the CLI's --fields syntax. ${fieldSpecSyntax.replace("--fields ", "")}`;

/** The --fields text for the tool's input: the text as given, or the objects written as specs. */
export function fieldsText(fields: string | undefined, structured: StructuredField[] | undefined): string {
  if (fields !== undefined && structured !== undefined) {
    throw new InputError("Give the fields once: as fields (the --fields text) or as structuredFields, not both.", { code: "FIELDS_TWICE", hint: "Drop one of the two." });
  }
  if (structured === undefined) return fields ?? "";
  return structured
    .map((field, index) => {
      const spec =
        `${field.name}:${field.type}${field.optional ? "?" : ""}` +
        `${field.unique ? ":unique" : ""}${field.index ? ":index" : ""}${field.default === undefined ? "" : `:default(${String(field.default)})`}`;
      // A space or comma in a name or type would make two specs of one object: refuse it here,
      // where the object can still be named.
      if (splitSpecs(spec).length !== 1) {
        throw new InputError(`structuredFields[${index}] is not one field: ${JSON.stringify(spec)}.`, { code: "BAD_FIELD_SPEC", hint: fieldSpecSyntax });
      }
      return spec;
    })
    .join(" ");
}

import { readFileSync } from "node:fs";
import type Handlebars from "handlebars";
import { upperFirst } from "../schema/naming.js";
import type { DefaultSpec, FieldSpec, ValidationSpec } from "./field-spec.js";
import { compileTemplate } from "./template-cache.js";

/**
 * Turns a model name and parsed field specs into the text of `src/models/<Name>.model.ts`, through
 * templates/model/model.ts.hbs. The template holds the file's shape; this module only produces the
 * DSL expression of each field.
 */

const templateUrl = new URL("../../templates/model/model.ts.hbs", import.meta.url);

let compiled: Handlebars.TemplateDelegate | undefined;

function modelTemplate(): Handlebars.TemplateDelegate {
  // The output is TypeScript, not HTML: escaping would corrupt string literals.
  compiled ??= compileTemplate(readFileSync(templateUrl, "utf8"));
  return compiled;
}

export interface ModelSourceField {
  name: string;
  code: string;
}

/**
 * Foreign-key types of belongsTo targets whose id is not the default Int (t.id("uuid") -> "string"),
 * so the generated `t.belongsTo(..., { keyType })` matches the target's id.
 */
export type TargetKeyTypes = Readonly<Record<string, "bigint" | "string">>;

/**
 * The fields a new model gets: an id first (the user's `id:id(...)` if given), then the user's
 * fields, then createdAt/updatedAt unless the user named those fields.
 */
export function modelFields(modelName: string, specs: FieldSpec[], keyTypes: TargetKeyTypes = {}): ModelSourceField[] {
  const names = new Set(specs.map((spec) => spec.name));
  const fields: ModelSourceField[] = [];
  const userId = specs.find((spec) => spec.name === "id");
  fields.push({ name: "id", code: userId ? fieldCode(modelName, userId) : "t.id()" });
  for (const spec of specs) if (spec !== userId) fields.push({ name: spec.name, code: fieldCode(modelName, spec, keyTypes) });
  if (!names.has("createdAt")) fields.push({ name: "createdAt", code: "t.createdAt()" });
  if (!names.has("updatedAt")) fields.push({ name: "updatedAt", code: "t.updatedAt()" });
  return fields;
}

export function renderModelSource(modelName: string, specs: FieldSpec[], keyTypes: TargetKeyTypes = {}): string {
  const fields = modelFields(modelName, specs, keyTypes);
  const imports = ["model", "t"];
  const code = fields.map((field) => field.code).join("\n");
  for (const helper of ["now", "uuid", "cuid"]) if (code.includes(`${helper}()`)) imports.push(helper);
  return modelTemplate()({ name: modelName, imports: imports.join(", "), fields });
}

/** The enum type a field spec creates: `<Model><Field>` in PascalCase ("Orders" + "status" -> "OrdersStatus"). */
export function enumTypeName(modelName: string, fieldName: string): string {
  return modelName + upperFirst(fieldName);
}

/** The DSL expression for one field, e.g. `t.string(120).unique()`. */
export function fieldCode(modelName: string, spec: FieldSpec, keyTypes: TargetKeyTypes = {}): string {
  switch (spec.kind) {
    case "id":
      return spec.strategy === "int" ? "t.id()" : `t.id(${literal(spec.strategy)})`;
    case "timestamp":
      return `t.${spec.type}()`;
    case "relation": {
      const keyType = spec.relation === "belongsTo" ? keyTypes[spec.target] : undefined;
      const entries = [...(spec.optional ? ["optional: true"] : []), ...(keyType ? [`keyType: ${literal(keyType)}`] : [])];
      const options = entries.length ? `, { ${entries.join(", ")} }` : "";
      return `t.${spec.relation}(${literal(spec.target)}${options})` + modifiers(spec.unique, spec.index);
    }
    case "enum": {
      let base = `t.enum(${literal(enumTypeName(modelName, spec.name))}, [${spec.values.map(literal).join(", ")}])`;
      if (spec.list) base = `t.list(${base})`;
      return base + (spec.optional ? ".optional()" : "") + modifiers(spec.unique, spec.index) + (spec.default === undefined ? "" : `.default(${literal(spec.default)})`);
    }
    case "scalar": {
      let base: string;
      if (spec.type === "uuid" || spec.type === "cuid") base = `t.string().default(${spec.type}())`;
      else if (spec.type === "string") base = `t.string(${spec.length ?? ""})`;
      else if (spec.type === "decimal") base = spec.precision === undefined ? "t.decimal()" : `t.decimal(${spec.precision}, ${spec.scale ?? 0})`;
      else base = `t.${spec.type}()`;
      if (spec.list) base = `t.list(${base})`;
      return base + (spec.optional ? ".optional()" : "") + modifiers(spec.unique, spec.index) + defaultCode(spec.default) + (spec.validations ?? []).map(validationCode).join("");
    }
  }
}

/** `.email()`, `.min(13)`: the DSL method of the same name. */
function validationCode(v: ValidationSpec): string {
  return v.name === "url" || v.name === "email" ? `.${v.name}()` : `.${v.name}(${v.value})`;
}

function modifiers(unique: boolean, index: boolean): string {
  return (unique ? ".unique()" : "") + (index ? ".index()" : "");
}

function defaultCode(value: DefaultSpec | undefined): string {
  if (value === undefined) return "";
  if (value.kind === "now") return ".default(now())";
  return `.default(${literal(value.value)})`;
}

function literal(value: string | number | boolean): string {
  return JSON.stringify(value);
}

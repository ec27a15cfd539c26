import type { ScalarFieldDef } from "../model/model-def.js";
import type { ModelEntry, ModelSet } from "../schema/model-set.js";
import { biomeOrder } from "./biome-order.js";
import { isUuid, maxLengthOf, requiredParents, sampleFields } from "./resource-context.js";

/**
 * What templates/resource/factory.ts.hbs needs for one model: a faker expression per field of a
 * create body (the fields the generated tests' samples fill in), and the parents a row needs.
 * Each expression gives a value the model accepts: its column's length, .minLength()/.maxLength(),
 * .min()/.max(), .email(), .url() and .pattern() where faker can generate from it, enums, decimals
 * at the column's scale. Unique fields carry the factory's running number `n`, so they never repeat
 * within a test run.
 */
export interface FactoryContext {
  /** Each field of a create body and its expression (TypeScript source). */
  fields: Array<{ key: string; value: string }>;
  /** Whether an expression uses the running number (then the factory counts its bodies). */
  counts: boolean;
  /** The helpers of test/factories/support.ts the expressions call. */
  helpers: string[];
  /** The rows a new row needs first (its required foreign keys), each made by its model's factory. */
  parents: Array<{ field: string; target: string; key: string }>;
  /** The imports from this folder (parents' factories, support.ts), in the order Biome keeps. */
  localImports: Array<{ names: string; file: string }>;
  /** Whether create<Model>() can make the parents itself (required foreign keys over one field, in no cycle). */
  creatable: boolean;
}

// A fixed day for faker's dates: the same seed gives the same rows on any day.
const REF_DATE = '"2026-01-01T00:00:00.000Z"';

function numberBounds(field: ScalarFieldDef, fallback: { min: number; max: number }): { min: number; max: number } {
  const v = field.validation;
  const integer = field.type === "int" || field.type === "bigint";
  let min = v?.minimum ?? fallback.min;
  let max = v?.maximum ?? Math.max(fallback.max, min + fallback.max);
  if (integer) {
    min = Math.ceil(min);
    max = Math.floor(max);
  }
  if (max < min) max = min;
  return { min, max };
}

/** A regular expression faker.helpers.fromRegExp can generate from (classes, ranges, counts; not \d inside a class, groups or alternatives), or null. */
function generablePattern(source: string): string | null {
  const expanded = source.replaceAll("\\d", "[0-9]").replaceAll("\\w", "[A-Za-z0-9_]");
  return /[()|]|\\[^.\-/]|\[[^\]]*\[/.test(expanded) ? null : expanded;
}

function textBase(field: ScalarFieldDef): string {
  if (field.type === "text") return "faker.lorem.paragraph()";
  if (/email/i.test(field.name)) return "faker.internet.email()";
  if (/name$/i.test(field.name)) return "faker.person.fullName()";
  if (/title/i.test(field.name)) return "faker.lorem.sentence({ min: 2, max: 5 })";
  if (/phone/i.test(field.name)) return "faker.phone.number()";
  if (/city/i.test(field.name)) return "faker.location.city()";
  return "faker.lorem.words(2)";
}

/** `use` hears of each helper of test/factories/support.ts the expression calls. */
function scalarValue(field: ScalarFieldDef, use: (helper: string) => void): string {
  const v = field.validation;
  const unique = field.unique;
  switch (field.type) {
    case "string":
    case "text": {
      if (isUuid(field)) return "faker.string.uuid()";
      const max = Math.min(maxLengthOf(field) ?? Number.POSITIVE_INFINITY, v?.maxLength ?? Number.POSITIVE_INFINITY);
      const maxArg = Number.isFinite(max) ? String(max) : null;
      if (v?.format === "email" || (v?.format !== "uri" && /email/i.test(field.name) && v?.pattern == null)) {
        use("email");
        return `email(${unique ? "n" : "null"}${maxArg ? `, ${maxArg}` : ""})`;
      }
      if (v?.format === "uri") {
        use("url");
        return `url(${unique ? "n" : "null"}${maxArg ? `, ${maxArg}` : ""})`;
      }
      if (v?.pattern != null) {
        const pattern = generablePattern(v.pattern);
        if (pattern !== null) return `faker.helpers.fromRegExp(/${pattern.replaceAll("/", "\\/")}/)`;
      }
      const base = unique ? `\`\${${textBase(field)}}-\${n}\`` : textBase(field);
      const min = v?.minLength ?? 0;
      if (min === 0 && maxArg === null) return base;
      use("fitText");
      return `fitText(${base}, ${min}${maxArg ? `, ${maxArg}` : ""})`;
    }
    case "int": {
      const { min, max } = numberBounds(field, { min: 0, max: 1000 });
      return unique ? `${min} + n` : `faker.number.int({ min: ${min}, max: ${max} })`;
    }
    case "bigint": {
      const { min, max } = numberBounds(field, { min: 0, max: 1_000_000 });
      return unique ? `String(${min} + n)` : `String(faker.number.bigInt({ min: ${min}n, max: ${max}n }))`;
    }
    case "float": {
      const { min, max } = numberBounds(field, { min: 0, max: 1000 });
      return unique ? `${min} + n + 0.5` : `faker.number.float({ min: ${min}, max: ${max}, fractionDigits: 2 })`;
    }
    case "decimal": {
      const scale = field.scale ?? 2;
      const digits = field.precision === null ? 6 : field.precision - scale;
      // The most the column holds, and no more than a million: readable amounts.
      const columnMax = digits >= 1 ? Math.min(10 ** Math.min(digits, 6) - 1, 1_000_000) : Number((1 - 10 ** -scale).toFixed(scale));
      const min = Math.max(v?.minimum ?? 0, digits >= 1 ? -columnMax : 0);
      const max = Math.min(v?.maximum ?? columnMax, columnMax);
      if (unique) return scale === 0 ? "String(n)" : `\`\${n}.${"5".padEnd(scale, "0")}\``;
      return `faker.finance.amount({ min: ${min}, max: ${max}, dec: ${scale} })`;
    }
    case "boolean":
      return "faker.datatype.boolean()";
    case "datetime":
      return unique ? `new Date(Date.parse(${REF_DATE}) - n * 1000).toISOString()` : `faker.date.past({ refDate: ${REF_DATE} }).toISOString()`;
    case "date":
      return unique
        ? `new Date(Date.parse(${REF_DATE}) - n * 86_400_000).toISOString().slice(0, 10)`
        : `faker.date.past({ refDate: ${REF_DATE} }).toISOString().slice(0, 10)`;
    case "json":
      return "{ note: faker.lorem.word() }";
    case "bytes":
      return 'Buffer.from(faker.string.alphanumeric(8)).toString("base64")';
    case "enum":
      return `faker.helpers.arrayElement(${JSON.stringify(field.enumValues ?? []).replaceAll('","', '", "')})`;
    case "unsupported":
      throw new Error(`no factory value for Unsupported field ${field.name}`);
  }
}

/** The factory of one model; `creatable` as the generated test computes it (required foreign keys in no cycle). */
export function factoryContext(set: ModelSet, model: ModelEntry, creatable: boolean): FactoryContext {
  const helpers = new Set<string>();
  const fields = sampleFields(model).map((field) => {
    const one = scalarValue(field, (helper) => helpers.add(helper));
    return { key: field.name, value: field.list ? `[${one}]` : one };
  });
  const parents = (requiredParents(set, model) ?? []).map((p) => ({ field: p.fk, target: p.target.name, key: p.key }));
  return {
    fields,
    // `n` as a name of its own (not 0n, not a property), outside string literals
    counts: fields.some((f) => /(?<![\w.$])n(?![\w$])/.test(f.value.replaceAll(/"[^"]*"/g, ""))),
    helpers: [...helpers].sort(),
    parents: creatable ? parents : [],
    localImports: [
      ...(creatable ? [...new Set(parents.map((p) => p.target))].filter((name) => name !== model.name) : []).map((name) => ({ names: `create${name}`, file: `./${name}.factory.js` })),
      ...(helpers.size > 0 ? [{ names: [...helpers].sort().join(", "), file: "./support.js" }] : []),
    ].sort((a, b) => biomeOrder(a.file, b.file)),
    creatable,
  };
}

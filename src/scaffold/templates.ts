import { readdirSync, readFileSync } from "node:fs";
import type Handlebars from "handlebars";
import { PROVIDERS, type Provider } from "../project/config.js";
import { compileTemplate } from "./template-cache.js";

const templatesRoot = new URL("../../templates/", import.meta.url);
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function compiledTemplate(file: string): Handlebars.TemplateDelegate {
  let template = compiled.get(file);
  if (!template) {
    template = compileTemplate(readFileSync(new URL(file, templatesRoot), "utf8"));
    compiled.set(file, template);
  }
  return template;
}

/**
 * Renders templates/<file>; the output is TypeScript, YAML and the like, never HTML, so nothing is
 * escaped. With a provider, the project templates' partials ({{> database-client}}) are that
 * database's parts (providerParts).
 */
export function renderTemplate(file: string, context: object, provider?: Provider): string {
  return compiledTemplate(file)(context, provider ? { partials: providerParts(provider) } : {});
}

const partsByProvider = new Map<Provider, Record<string, Handlebars.TemplateDelegate>>();

/**
 * What differs by database in the project templates, as small parts instead of if/else ladders in
 * every template: templates/project/providers/<provider>/<part>.hbs, used as Handlebars partials
 * (an empty part leaves no line behind). Every provider must have the same parts: a part missing
 * for one database fails here, for all, rather than rendering a project without it.
 */
function providerParts(provider: Provider): Record<string, Handlebars.TemplateDelegate> {
  const cached = partsByProvider.get(provider);
  if (cached) return cached;
  const names = (db: Provider): string[] =>
    readdirSync(new URL(`project/providers/${db}/`, templatesRoot))
      .filter((f) => f.endsWith(".hbs"))
      .map((f) => f.slice(0, -".hbs".length))
      .sort();
  const expected = names(PROVIDERS[0]);
  for (const db of PROVIDERS) {
    const found = names(db);
    if (found.join() !== expected.join()) throw new Error(`templates/project/providers/${db} has the parts ${found.join(", ")}; every provider needs ${expected.join(", ")}`);
  }
  const parts = Object.fromEntries(expected.map((name) => [name, compiledTemplate(`project/providers/${provider}/${name}.hbs`)]));
  partsByProvider.set(provider, parts);
  return parts;
}


import indefinite from "indefinite";
import pluralize from "pluralize";

/** A model's name as English words, for route summaries, OpenAPI docs and error messages. */
export interface ModelWords {
  /** "order line" */
  singular: string;
  /** "order lines" */
  plural: string;
  /** "an order line" */
  withArticle: string;
  /** "Order line": the start of a sentence ("Order line 5 not found"). */
  Singular: string;
}

/**
 * Model names are PascalCase and usually plural (BackAnt's Orders, OrderLines): "OrderLines" reads
 * as "order lines", one of them "an order line". Only the last word is inflected, by pluralize's
 * rules and irregulars (People -> person, Categories -> category); an acronym stays as written.
 */
export function modelWords(name: string): ModelWords {
  const words = name.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_+/).filter((w) => w.length > 0).map((w) => (/^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : w.toLowerCase()));
  const last = words.pop() ?? name;
  const singular = [...words, pluralize.singular(last)].join(" ");
  const plural = [...words, pluralize.plural(last)].join(" ");
  return { singular, plural, withArticle: indefinite(singular), Singular: singular.charAt(0).toUpperCase() + singular.slice(1) };
}

import { faker } from "@faker-js/faker";

/**
 * Helpers of the factories in this folder (one per model, test/factories/<Model>.factory.ts): values
 * that fit a column's length and the model's checks.
 */

/** `text` padded with letters to `min` characters, or cut to `max` (keeping its end, where a unique value has its number). */
export function fitText(text: string, min: number, max = Number.POSITIVE_INFINITY): string {
  const padded = text.length < min ? text + faker.string.alpha(min - text.length) : text;
  return padded.length > max ? padded.slice(-max) : padded;
}

/** An address at example.com (never delivered); with `n`, one no other call returns. */
export function email(n: number | null, max = 254): string {
  const local = faker.internet
    .username()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
  const unique = n === null ? local || "user" : `${local}.${n}`;
  const domain = "@example.com";
  return `${unique.slice(-(max - domain.length))}${domain}`.replace(/^\./, "x");
}

/** An https URL; with `n`, one no other call returns. */
export function url(n: number | null, max = 2048): string {
  const base = faker.internet.url({ appendSlash: false });
  const full = n === null ? base : `${base}/${n}`;
  return full.length <= max ? full : `https://x.io/${n ?? 1}`.slice(0, max);
}

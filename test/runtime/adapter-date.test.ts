import { describe, expect, it } from "vitest";
import { dateOf } from "../../src/runtime/adapter-date.js";

// dateOf must give exactly what `new Date(value)` gives (the client's reading) for every text a
// driver adapter can hand over, valid or not; it only reads the common UTC forms faster.
const same = (value: string | number): void => {
  const expected = new Date(value).getTime();
  const actual = dateOf(value).getTime();
  expect(Number.isNaN(actual) ? "Invalid Date" : actual, String(value)).toBe(Number.isNaN(expected) ? "Invalid Date" : expected);
};

describe("dateOf", () => {
  it("reads the adapters' UTC texts as Date's parser does", () => {
    for (const value of [
      "2026-01-01T00:01:00+00:00",
      "2026-01-01T00:01:00.5+00:00",
      "2026-01-01T00:01:00.12+00:00",
      "2026-01-01T00:01:00.123+00:00",
      "2026-01-01T00:01:00.123456+00:00",
      "2026-01-01T00:01:00.123456789+00:00",
      "2024-02-29T23:59:59.999+00:00",
      "1970-01-01T00:00:00+00:00",
      "0100-01-01T00:00:00+00:00",
      "9999-12-31T23:59:59.999+00:00",
      "2026-12-04T18:42:00.000Z",
      "2026-12-04T18:42:00Z",
    ]) {
      same(value);
    }
  });

  it("leaves every other text and number to Date's parser, invalid ones included", () => {
    for (const value of [
      "2026-02-30T00:00:00+00:00",
      "2025-02-29T00:00:00+00:00",
      "2026-04-31T00:00:00.000+00:00",
      "2026-13-01T00:00:00+00:00",
      "2026-00-10T00:00:00+00:00",
      "2026-01-00T00:00:00+00:00",
      "2026-01-01T24:00:00+00:00",
      "2026-01-01T23:60:00+00:00",
      "2026-01-01T23:59:60+00:00",
      "2026-01-01T00:00:00.+00:00",
      "2026-01-01T00:00:00.1234567890+00:00",
      "2026-01-01T00:00:00.12a+00:00",
      "2026-01-01T00:00:00,123+00:00",
      "2026-01-01 00:00:00+00:00",
      "2026-01-01T00:00:00+01:00",
      "2026-01-01T00:00:00-00:00",
      "0099-12-31T00:00:00+00:00",
      "0000-01-01T00:00:00+00:00",
      "12026-01-01T00:00:00+00:00",
      "2O26-01-01T00:00:00+00:00",
      "2026-01-01",
      "2026-01-01T00:00+00:00",
      "",
      "Z",
      "not a date+00:00",
      1796409986726,
      0,
    ]) {
      same(value);
    }
  });

  it("agrees with Date's parser on random instants in both UTC forms, every fraction length", () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) {
      const iso = new Date(Math.floor(random() * 253402300799999)).toISOString();
      const fraction = iso.slice(20, 23) + String(Math.floor(random() * 1e6)).padStart(6, "0");
      const digits = Math.floor(random() * 10);
      const text = `${iso.slice(0, 19)}${digits === 0 ? "" : `.${fraction.slice(0, digits)}`}`;
      same(`${text}+00:00`);
      same(`${text}Z`);
    }
  });
});

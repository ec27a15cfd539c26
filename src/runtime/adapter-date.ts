// Date-time values as Prisma's driver adapters give them, read into the client's Date.

const digit = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};
const digits2 = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/**
 * The adapters give date-times as ISO 8601 text in UTC: "YYYY-MM-DDTHH:MM:SS[.fff]+00:00" (pg's
 * adapter, and SQLite's for the text Prisma stores), "...Z" or epoch milliseconds (SQLite's, for
 * other stored forms). Those UTC texts are read here digit by digit: V8's general date parser took
 * about 310 ns per value against 130 ns here, and a page of 20 rows with two timestamps holds 40
 * (bench/README.md). Any other text (another offset, a year past 9999 or before 100, a date alone, a
 * day the month lacks) and numbers go to Date's own parser, so the result is always what
 * `new Date(value)` gives, as the client's.
 */
export function dateOf(value: unknown): Date {
  const text = value as string;
  const end = typeof text !== "string" ? -1 : text.endsWith("+00:00") ? text.length - 6 : text.endsWith("Z") ? text.length - 1 : -1;
  if (end >= 19 && text.charCodeAt(10) === 84 /* T */ && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58) {
    let ms = 0;
    if (end > 19) {
      // A fraction of 1 to 9 digits: milliseconds are its first three, as Date's parser takes them.
      if (text.charCodeAt(19) !== 46 /* . */ || end === 20 || end > 29) return new Date(text);
      for (let i = 20; i < 23; i++) ms = ms * 10 + (i < end ? digit(text, i) : 0);
      for (let i = 23; i < end; i++) if (Number.isNaN(digit(text, i))) return new Date(text);
    }
    const year = digits2(text, 0) * 100 + digits2(text, 2);
    const month = digits2(text, 5);
    const day = digits2(text, 8);
    const hours = digits2(text, 11);
    const minutes = digits2(text, 14);
    const seconds = digits2(text, 17);
    if (month >= 1 && month <= 12 && day >= 1 && hours <= 23 && minutes <= 59 && seconds <= 59 && ms >= 0) {
      const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, ms));
      // Date.UTC carries a 31st of April into May; the parser says Invalid Date.
      if (date.getUTCDate() === day && year >= 100) return date;
    }
  }
  return new Date(value as string | number);
}

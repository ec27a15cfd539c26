/**
 * Splits a migration script into statements, keeping where each one's code starts in the original
 * text, so that markers can be inserted right above a statement without re-printing the script.
 * Knows what Prisma's scripts contain: `--` and block comments, '...' strings and "..." / `...`
 * identifiers (a `;` inside any of them does not end a statement).
 */
export interface SqlStatement {
  /** Offset of the statement's first character of code (after its leading comments). */
  start: number;
  /** Offset just after the terminating `;` (or the end of the text). */
  end: number;
  /** The statement's code, comments removed, whitespace collapsed, without the `;`. */
  code: string;
}

export function splitSqlStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = -1;
  let code = "";
  let i = 0;
  const flush = (end: number) => {
    const text = code.replace(/\s+/g, " ").trim();
    if (start >= 0 && text !== "") statements.push({ start, end, code: text });
    start = -1;
    code = "";
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      const stop = sql.indexOf("\n", i);
      i = stop < 0 ? sql.length : stop;
      code += " ";
      continue;
    }
    if (ch === "/" && next === "*") {
      const stop = sql.indexOf("*/", i + 2);
      i = stop < 0 ? sql.length : stop + 2;
      code += " ";
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      if (start < 0) start = i;
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === ch) {
          // a doubled quote is an escaped quote, not the end
          if (sql[j + 1] === ch) j++;
          else break;
        }
      }
      code += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ";") {
      flush(i + 1);
      i++;
      continue;
    }
    if (start < 0 && !/\s/.test(ch)) start = i;
    code += ch;
    i++;
  }
  flush(sql.length);
  return statements;
}

/** Splits on commas outside parentheses and quotes (the actions of one ALTER TABLE, the lines of a CREATE TABLE body). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = "";
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === "`") {
      quote = ch;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")") {
      depth--;
    } else if (ch === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

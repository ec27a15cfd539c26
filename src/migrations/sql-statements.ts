/**
 * The first words of each statement of a script: enough to know whether a migration manages its
 * own transactions (BEGIN ... COMMIT, CREATE INDEX CONCURRENTLY), in which case backant cannot run
 * it inside one transaction with its _prisma_migrations row. A small lexer, not a parser: it knows
 * `--` and block comments, '...' strings, "..." and `...` identifiers and PostgreSQL's $tag$ bodies
 * (a plpgsql function's BEGIN ... END is not a transaction), so a `;` inside any of them does not end
 * a statement. It is never used to judge what a script does to data (see database/changes.ts).
 */
export function statementHeads(sql: string, words = 4): string[] {
  const heads: string[] = [];
  let current = "";
  let i = 0;
  const push = () => {
    const head = current.replace(/\s+/g, " ").trim().split(" ").slice(0, words).join(" ").toUpperCase();
    if (head !== "") heads.push(head);
    current = "";
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      const stop = sql.indexOf("\n", i);
      i = stop < 0 ? sql.length : stop;
      current += " ";
      continue;
    }
    if (ch === "/" && next === "*") {
      const stop = sql.indexOf("*/", i + 2);
      i = stop < 0 ? sql.length : stop + 2;
      current += " ";
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j++;
          else break;
        }
      }
      current += ` ${ch}${ch} `;
      i = j + 1;
      continue;
    }
    if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const stop = sql.indexOf(tag, i + tag.length);
        i = stop < 0 ? sql.length : stop + tag.length;
        current += " $$ ";
        continue;
      }
    }
    if (ch === ";") {
      push();
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  push();
  return heads;
}

const TRANSACTION_CONTROL = /^(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|VACUUM)\b/;
const OUTSIDE_TRANSACTION_ONLY = /^(CREATE|DROP|REINDEX) (UNIQUE )?INDEX CONCURRENTLY\b|^(CREATE|DROP|ALTER) DATABASE\b|^ALTER SYSTEM\b/;

/** The first statement that controls transactions itself or cannot run inside one, if any. */
export function transactionControlIn(sql: string): string | undefined {
  return statementHeads(sql).find((head) => TRANSACTION_CONTROL.test(head) || OUTSIDE_TRANSACTION_ONLY.test(head));
}

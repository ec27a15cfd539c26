/**
 * A parser for Prisma schema files (PSL): blocks, fields, attributes and their arguments, doc
 * comments. It keeps everything a schema says, which Prisma's DMMF does not (foreign key names,
 * operator classes as written, argument order). Only schemas Prisma's own validator has accepted
 * are parsed (import-schema.ts validates first), so errors here are about the text's shape.
 */

export type PslExpr =
  | { kind: "string"; value: string }
  | { kind: "number"; text: string }
  | { kind: "ident"; name: string }
  | { kind: "call"; name: string; args: PslArg[] }
  | { kind: "array"; items: PslExpr[] };

export interface PslArg {
  name: string | null;
  value: PslExpr;
}

export interface PslAttribute {
  /** Without the @ or @@: "id", "db.VarChar", "relation". */
  name: string;
  args: PslArg[];
}

export interface PslField {
  name: string;
  /** "String", a model or enum name, or "Unsupported". */
  type: string;
  /** For Unsupported("..."): the database type. */
  unsupported: string | null;
  list: boolean;
  optional: boolean;
  attributes: PslAttribute[];
  doc: string | null;
  line: number;
}

export interface PslModel {
  kind: "model" | "view" | "type";
  name: string;
  fields: PslField[];
  attributes: PslAttribute[];
  doc: string | null;
  line: number;
}

export interface PslEnum {
  kind: "enum";
  name: string;
  values: Array<{ name: string; attributes: PslAttribute[]; doc: string | null }>;
  attributes: PslAttribute[];
  doc: string | null;
  line: number;
}

export interface PslConfig {
  kind: "datasource" | "generator";
  name: string;
  entries: Array<{ key: string; value: PslExpr }>;
  line: number;
}

export type PslBlock = PslModel | PslEnum | PslConfig;

export class PslSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type Token =
  | { t: "ident"; v: string; line: number }
  | { t: "string"; v: string; line: number }
  | { t: "number"; v: string; line: number }
  | { t: "punct"; v: string; line: number }
  | { t: "doc"; v: string; line: number }
  | { t: "nl"; line: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      tokens.push({ t: "nl", line });
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\uFEFF") {
      i++;
    } else if (text.startsWith("///", i)) {
      const end = text.indexOf("\n", i);
      const raw = text.slice(i + 3, end === -1 ? text.length : end).replace(/\r$/, "");
      tokens.push({ t: "doc", v: raw.replace(/^\s+/, ""), line });
      i = end === -1 ? text.length : end;
    } else if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (c === '"') {
      let j = i + 1;
      let value = "";
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\") {
          const n = text[j + 1];
          value += n === "n" ? "\n" : n === "t" ? "\t" : n === "r" ? "\r" : n === "u" ? String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16)) : (n ?? "");
          j += n === "u" ? 6 : 2;
        } else {
          if (text[j] === "\n") throw new PslSyntaxError("unterminated string", line);
          value += text[j];
          j++;
        }
      }
      if (j >= text.length) throw new PslSyntaxError("unterminated string", line);
      tokens.push({ t: "string", v: value, line });
      i = j + 1;
    } else if (/[0-9-]/.test(c) && /[0-9]/.test(c === "-" ? (text[i + 1] ?? "") : c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ t: "number", v: m[0], line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      tokens.push({ t: "ident", v: m[0], line });
      i += m[0].length;
    } else if (text.startsWith("@@", i)) {
      tokens.push({ t: "punct", v: "@@", line });
      i += 2;
    } else if ("{}()[],:=?@.".includes(c)) {
      tokens.push({ t: "punct", v: c, line });
      i++;
    } else {
      throw new PslSyntaxError(`unexpected character ${JSON.stringify(c)}`, line);
    }
  }
  tokens.push({ t: "nl", line });
  return tokens;
}

class Parser {
  private i = 0;
  /** Nesting of ( and [: newlines inside them are not statement ends. */
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    // Inside brackets, newlines and doc comments do not count.
    if (this.depth > 0) while (this.tokens[this.i]!.t === "nl" || this.tokens[this.i]!.t === "doc") this.i++;
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const token = this.peek();
    this.i++;
    return token;
  }

  private is(v: string): boolean {
    const token = this.peek();
    return token.t === "punct" && token.v === v;
  }

  private expect(v: string): Token {
    const token = this.next();
    if (token.t !== "punct" || token.v !== v) throw new PslSyntaxError(`expected "${v}", found ${describe(token)}`, token.line);
    return token;
  }

  private ident(): string {
    const token = this.next();
    if (token.t !== "ident") throw new PslSyntaxError(`expected a name, found ${describe(token)}`, token.line);
    return token.v;
  }

  /** A dotted name: db.VarChar. */
  private dottedName(): string {
    let name = this.ident();
    while (this.is(".")) {
      this.next();
      name += `.${this.ident()}`;
    }
    return name;
  }

  private skipNewlines(): string[] {
    const docs: string[] = [];
    for (;;) {
      const token = this.tokens[this.i];
      if (token === undefined) return docs;
      if (token.t === "nl") this.i++;
      else if (token.t === "doc") {
        docs.push(token.v);
        this.i++;
      } else return docs;
    }
  }

  private endOfStatement(): string | null {
    let doc: string | null = null;
    const token = this.tokens[this.i]!;
    if (token.t === "doc") {
      doc = token.v;
      this.i++;
    }
    const end = this.tokens[this.i]!;
    if (end.t !== "nl" && !(end.t === "punct" && end.v === "}")) throw new PslSyntaxError(`expected the end of the line, found ${describe(end)}`, end.line);
    return doc;
  }

  parse(): PslBlock[] {
    const blocks: PslBlock[] = [];
    for (;;) {
      const docs = this.skipNewlines();
      const token = this.tokens[this.i];
      if (token === undefined) return blocks;
      const keyword = this.ident();
      const name = this.ident();
      this.expect("{");
      const doc = docs.length ? docs.join("\n") : null;
      if (keyword === "model" || keyword === "view" || keyword === "type") blocks.push(this.model(keyword, name, doc, token.line));
      else if (keyword === "enum") blocks.push(this.enumBlock(name, doc, token.line));
      else if (keyword === "datasource" || keyword === "generator") blocks.push(this.config(keyword, name, token.line));
      else throw new PslSyntaxError(`unknown block "${keyword}"`, token.line);
      if (this.i >= this.tokens.length - 1) return blocks;
    }
  }

  private model(kind: PslModel["kind"], name: string, doc: string | null, line: number): PslModel {
    const fields: PslField[] = [];
    const attributes: PslAttribute[] = [];
    for (;;) {
      const docs = this.skipNewlines();
      if (this.is("}")) {
        this.next();
        return { kind, name, fields, attributes, doc, line };
      }
      if (this.is("@@")) {
        this.next();
        attributes.push(this.attribute());
        this.endOfStatement();
        continue;
      }
      const start = this.peek();
      const fieldName = this.ident();
      const type = this.dottedName();
      let unsupported: string | null = null;
      if (type === "Unsupported") {
        this.expect("(");
        this.depth++;
        const arg = this.next();
        if (arg.t !== "string") throw new PslSyntaxError("Unsupported() takes a string", arg.line);
        unsupported = arg.v;
        this.depth--;
        this.expect(")");
      }
      let list = false;
      let optional = false;
      if (this.is("[")) {
        this.next();
        this.expect("]");
        list = true;
      }
      if (this.is("?")) {
        this.next();
        optional = true;
      }
      const fieldAttributes: PslAttribute[] = [];
      while (this.is("@")) {
        this.next();
        fieldAttributes.push(this.attribute());
      }
      const trailing = this.endOfStatement();
      const allDocs = [...docs, ...(trailing === null ? [] : [trailing])];
      fields.push({ name: fieldName, type, unsupported, list, optional, attributes: fieldAttributes, doc: allDocs.length ? allDocs.join("\n") : null, line: start.line });
    }
  }

  private enumBlock(name: string, doc: string | null, line: number): PslEnum {
    const values: PslEnum["values"] = [];
    const attributes: PslAttribute[] = [];
    for (;;) {
      const docs = this.skipNewlines();
      if (this.is("}")) {
        this.next();
        return { kind: "enum", name, values, attributes, doc, line };
      }
      if (this.is("@@")) {
        this.next();
        attributes.push(this.attribute());
        this.endOfStatement();
        continue;
      }
      const value = this.ident();
      const valueAttributes: PslAttribute[] = [];
      while (this.is("@")) {
        this.next();
        valueAttributes.push(this.attribute());
      }
      const trailing = this.endOfStatement();
      const allDocs = [...docs, ...(trailing === null ? [] : [trailing])];
      values.push({ name: value, attributes: valueAttributes, doc: allDocs.length ? allDocs.join("\n") : null });
    }
  }

  private config(kind: PslConfig["kind"], name: string, line: number): PslConfig {
    const entries: PslConfig["entries"] = [];
    for (;;) {
      this.skipNewlines();
      if (this.is("}")) {
        this.next();
        return { kind, name, entries, line };
      }
      const key = this.ident();
      this.expect("=");
      entries.push({ key, value: this.expression() });
      this.endOfStatement();
    }
  }

  private attribute(): PslAttribute {
    const name = this.dottedName();
    // The ( must follow on the same line: `@id` then a newline is an attribute without arguments.
    const token = this.tokens[this.i]!;
    if (!(token.t === "punct" && token.v === "(")) return { name, args: [] };
    return { name, args: this.argumentList() };
  }

  private argumentList(): PslArg[] {
    this.expect("(");
    this.depth++;
    const args: PslArg[] = [];
    while (!this.is(")")) {
      const save = this.i;
      let argName: string | null = null;
      const token = this.peek();
      if (token.t === "ident") {
        this.next();
        if (this.is(":")) {
          this.next();
          argName = token.v;
        } else this.i = save;
      }
      args.push({ name: argName, value: this.expression() });
      if (this.is(",")) this.next();
      else break;
    }
    this.depth--;
    this.expect(")");
    return args;
  }

  private expression(): PslExpr {
    const token = this.peek();
    if (token.t === "string") {
      this.next();
      return { kind: "string", value: token.v };
    }
    if (token.t === "number") {
      this.next();
      return { kind: "number", text: token.v };
    }
    if (token.t === "punct" && token.v === "[") {
      this.next();
      this.depth++;
      const items: PslExpr[] = [];
      while (!this.is("]")) {
        items.push(this.expression());
        if (this.is(",")) this.next();
        else break;
      }
      this.depth--;
      this.expect("]");
      return { kind: "array", items };
    }
    if (token.t === "ident") {
      const name = this.dottedName();
      const after = this.tokens[this.i]!;
      if (after.t === "punct" && after.v === "(") return { kind: "call", name, args: this.argumentList() };
      return { kind: "ident", name };
    }
    throw new PslSyntaxError(`unexpected ${describe(token)}`, token.line);
  }
}

function describe(token: Token): string {
  return token.t === "nl" ? "the end of the line" : token.t === "doc" ? "a /// comment" : JSON.stringify(token.v);
}

export function parsePsl(text: string): PslBlock[] {
  return new Parser(tokenize(text)).parse();
}

/** The named or positional argument of an attribute. */
export function argument(attribute: PslAttribute, name: string, position?: number): PslExpr | undefined {
  const named = attribute.args.find((a) => a.name === name);
  if (named) return named.value;
  if (position === undefined) return undefined;
  return attribute.args.filter((a) => a.name === null)[position]?.value;
}

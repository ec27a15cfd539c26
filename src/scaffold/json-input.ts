/**
 * What JSON.parse lets through but a generator must not take from a user (a spec, --mock):
 * - a key given twice in one object: JSON.parse keeps the last one silently, so half of what the
 *   user wrote would vanish without a word;
 * - a "__proto__" key: copied into an object (zod's records, object spreads) it changes the
 *   prototype instead of adding an entry, so the entry is silently dropped;
 * - nesting deeper than anyone writes by hand: every walker over the value (the checks, the
 *   response-schema derivation, the source writer) recurses, and 3,000 levels overflow the stack.
 * The scan runs over the text, without recursion, after JSON.parse has accepted it.
 */

/** Deeper than this, a document (a whole spec, a mock value) is refused. */
export const MAX_JSON_DEPTH = 32;

export interface JsonTextProblem {
  /** JSON path of the object or key at fault, e.g. "models.Orders.fields" ("" for the top level). */
  path: string;
  message: string;
}

type Frame = { kind: "object"; keys: Set<string>; path: string; key: string | undefined; expectKey: boolean } | { kind: "array"; path: string; index: number };

/**
 * Duplicate keys, "__proto__" keys and nesting deeper than `maxDepth` in JSON text that JSON.parse
 * accepts (call it after JSON.parse; on text it refuses, the answer means nothing). At most one
 * depth problem is reported, at the first place the limit is passed.
 */
export function jsonTextProblems(text: string, maxDepth = MAX_JSON_DEPTH): JsonTextProblem[] {
  const problems: JsonTextProblem[] = [];
  const stack: Frame[] = [];
  let depthReported = false;
  const here = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return "";
    return top.kind === "object" ? joinPath(top.path, top.key ?? "") : `${top.path}[${top.index}]`;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      const end = stringEnd(text, i);
      if (top?.kind === "object" && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const at = joinPath(top.path, key);
        if (key === "__proto__") problems.push({ path: at, message: 'a "__proto__" key is not allowed (it would be dropped, or change the object\'s prototype); rename it' });
        if (top.keys.has(key)) problems.push({ path: at, message: `the key "${key}" is given twice in the same object (JSON keeps only the last one); give it once` });
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (char === "{" || char === "[") {
      const at = here();
      if (stack.length >= maxDepth && !depthReported) {
        depthReported = true;
        problems.push({ path: at, message: `nested more than ${maxDepth} levels deep; flatten it` });
      }
      stack.push(char === "{" ? { kind: "object", keys: new Set(), path: at, key: undefined, expectKey: true } : { kind: "array", path: at, index: 0 });
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === ",") {
      if (top?.kind === "object") top.expectKey = true;
      else if (top?.kind === "array") top.index++;
    }
  }
  return problems;
}

/** Index of the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The path of a key inside the object at `parent`: `models.Orders`, or `routes["a b"]`. */
export function joinPath(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** How deeply a parsed value nests (a scalar is 0, `[]` is 1), counted without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

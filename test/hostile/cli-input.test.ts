import { readdirSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { main, type MainIo } from "../../src/cli/main.js";
import { snapshotTree, sqlitePackageJson, usersModel } from "../cli/project.js";
import { removeDir, scratchDir, writeFiles } from "../support/scratch.js";

/**
 * Hostile input to the scaffold commands, generated (issue 9, point 8): names, field specs, mock
 * data and whole specs as an attacker or a clumsy user would write them. Each run goes through the
 * real entry point in-process (main(argv, io): the same parsing, commands and printing as the bin,
 * without a node start per case) against a real project folder, and must end in exit 0 or 2: never
 * 1 (a crash), never a stack trace; a refusal says what is wrong in its first line, starting
 * "error "; and a refused command changes nothing on disk (hashes of every file before and after).
 */

const routesIndex = `import type { FastifyInstance } from "fastify";
// backant:route-imports

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  // backant:routes
}
`;

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], cwd: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: MainIo = { cwd, env: { NO_COLOR: "1" }, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTTY: false };
  const exitCode = await main(argv, io);
  return { exitCode, stdout, stderr };
}

function expectCleanRefusal(result: Run, what: string): void {
  expect(result.exitCode, `${what}\n${result.stderr}`).toBe(2);
  // A usage error prints the command's help first, then the same one error line.
  const errorLine = result.stderr.split("\n").find((line) => line.startsWith("error "));
  expect(errorLine, `${what}\n${result.stderr}`).toMatch(/^error \S/);
  expect(result.stderr, what).not.toMatch(/^\s+at /m);
  // Long or odd input is quoted shortened and escaped: the message stays readable.
  expect(errorLine!.length, what).toBeLessThan(600);
}

function expectAcceptedOrRefused(result: Run, what: string): void {
  expect([0, 2], `${what}\n${result.stderr}`).toContain(result.exitCode);
  expect(result.stderr, what).not.toMatch(/^\s+at /m);
  if (result.exitCode === 2) expectCleanRefusal(result, what);
}

// ---- generators --------------------------------------------------------------------------------

const validModelName = fc.stringMatching(/^[A-Z][a-z]{2,8}s$/).filter((name) => !["Healths", "Docss"].includes(name));
const validFieldName = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,10}$/).filter((name) => !["page", "pageSize", "sort", "order", "constructor", "toString", "valueOf", "id", "createdAt", "updatedAt"].includes(name));
const validType = fc.constantFrom("string", "string(40)", "text", "int", "bigint", "float", "decimal(10,2)", "boolean", "datetime", "date", "json", "enum(a,b)", "string?", "int:unique", "int:index");
const validFieldSpec = fc.tuple(validFieldName, validType).map(([name, type]) => `${name}:${type}`);

/** Strings nobody should be able to pass as a name: control characters, paths, spaces around, huge, unicode look-alikes, prototype keys. */
const oddText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.constantFrom("", " ", "\u0000", "\n", "..", "../Evil", "a/b", "__proto__", "constructor", "prototype", "Health", "Docs", "health", "docs", "index", "PrismaClient", "Ordérs", "Оrders", "\u202eOrders", "Orders\u0000", "A".repeat(300), "a".repeat(300)),
);

/** A valid name made invalid in one way. */
const poisonedModelName = fc.oneof(
  validModelName.map((name) => ` ${name}`),
  validModelName.map((name) => `${name} `),
  validModelName.map((name) => `${name}/x`),
  validModelName.map((name) => `${name}\u0000`),
  validModelName.map((name) => `9${name}`),
  validModelName.map((name) => name.toLowerCase()),
  validModelName.map((name) => name + "s".repeat(70)),
  fc.constantFrom("Health", "Docs", "Documentation", "Index", "__proto__", "PrismaClient", "DateTime", "A".repeat(300), ""),
);

const validRouteName = fc.stringMatching(/^[a-z]{2,8}$/).map((name) => `x${name}`);

/** A valid route name made invalid in one way. */
const poisonedRouteName = fc.oneof(
  validRouteName.map((name) => ` ${name}`),
  validRouteName.map((name) => `${name}\t`),
  validRouteName.map((name) => `${name}/x`),
  validRouteName.map((name) => `../${name}`),
  validRouteName.map((name) => `${name}\u0000`),
  validRouteName.map((name) => `9${name}`),
  validRouteName.map((name) => `${name}--x`),
  validRouteName.map((name) => name + "s".repeat(70)),
  fc.constantFrom("health", "ready", "docs", "index", "__proto__", "constructor", "prototype", "delete", "new", ""),
);

/** A valid field list with one spec made invalid. */
const poisonedFields = fc
  .tuple(
    fc.array(validFieldSpec, { maxLength: 3 }),
    fc.oneof(
      fc.constantFrom("constructor:string", "toString:int", "page:int", "pageSize:int", "sort:string", "order:string", "__proto__:string", "valueOf:json"),
      fc.constantFrom("total:decimal(10,", "x:strng", "x:string(0)", "x:decimal(99,2)", "x:enum()", "x:belongsTo(Nobody)", "x:int:default(abc)", "x", "x:", ":int", "x:string[]?", "x:id(serial)"),
      fc.tuple(validFieldName, fc.string({ maxLength: 8 })).map(([name, junk]) => `${name}:string${junk}`).filter((spec) => !/^[a-z][a-zA-Z0-9]*:string(\?|\[\]|\(\d+\)|:unique|:index|:optional)*$/.test(spec) && !/[\s,]/.test(spec)),
      fc.stringMatching(/^[a-z]{64,70}$/).map((name) => `${name}:string`),
    ),
    fc.nat(),
  )
  .map(([good, bad, at]) => {
    const specs = [...good];
    specs.splice(at % (specs.length + 1), 0, bad);
    return specs.join(" ");
  });

/** JSON text JSON.parse takes but a generator must refuse: a key twice, __proto__, nesting past 32 levels (3,000 overflowed the stack). */
const poisonedJsonText = fc.oneof(
  fc.tuple(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 2 })).map(
    ([key, a, b, around]) => `[${JSON.stringify(around)}, {"x": {${JSON.stringify(key)}: ${JSON.stringify(a)}, ${JSON.stringify(key)}: ${JSON.stringify(b)}}}]`,
  ),
  fc.jsonValue({ maxDepth: 1 }).map((value) => `{"ok": 1, "__proto__": ${JSON.stringify(value)}}`),
  fc.tuple(fc.integer({ min: 33, max: 3000 }), fc.boolean()).map(([depth, objects]) => (objects ? '{"a":'.repeat(depth) + "1" + "}".repeat(depth) : "[".repeat(depth) + "]".repeat(depth))),
);

/** JSON text a user might send as --mock or inside a spec: any JSON, poisoned JSON, not JSON. */
const hostileJsonText = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), poisonedJsonText, fc.string({ maxLength: 20 }));

// ---- the properties ----------------------------------------------------------------------------

describe("hostile input to the scaffold commands (property-based, in-process)", () => {
  let project: string;
  let parent: string;

  beforeAll(async () => {
    project = scratchDir("hostile-cli");
    writeFiles(project, { "package.json": sqlitePackageJson, "src/models/Users.model.ts": usersModel, "src/routes/index.ts": routesIndex });
    // A first route and the schema, so add-subroute has a route and "nothing changed" covers the schema.
    expect((await run(["add-route", "reports"], project)).exitCode).toBe(0);
    expect((await run(["schema"], project)).exitCode).toBe(0);
    parent = scratchDir("hostile-create");
    writeFiles(parent, { "keep.txt": "kept\n" });
    return () => {
      removeDir(project);
      removeDir(parent);
    };
  });

  it("add-model refuses a poisoned name or field list: exit 2, one clear line, the project unchanged", async () => {
    const before = snapshotTree(project);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.tuple(poisonedModelName, fc.array(validFieldSpec, { maxLength: 2 }).map((specs) => specs.join(" "))), fc.tuple(validModelName, poisonedFields)), async ([name, fields]) => {
        const what = `add-model ${JSON.stringify(name)} --fields ${JSON.stringify(fields)}`;
        expectCleanRefusal(await run(["add-model", name, "--fields", fields], project), what);
        expect(snapshotTree(project), what).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it("add-route and add-subroute refuse a poisoned name or mock: exit 2, one clear line, the project unchanged", async () => {
    const before = snapshotTree(project);
    const command = fc.oneof(
      poisonedJsonText.map((mock) => ["add-route", "stats", "--mock", mock]),
      poisonedJsonText.map((mock) => ["add-subroute", "reports", "daily", "--mock", mock]),
      poisonedRouteName.map((name) => ["add-route", name]),
      poisonedRouteName.filter((name) => !["health", "ready", "docs", "index"].includes(name)).map((name) => ["add-subroute", "reports", name]),
    );
    await fc.assert(
      fc.asyncProperty(command, async (argv) => {
        const what = JSON.stringify(argv).slice(0, 300);
        expectCleanRefusal(await run(argv, project), what);
        expect(snapshotTree(project), what).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it("add-model, add-route and add-subroute take any name, fields or mock with exit 0 or 2 and no stack (--dry-run: nothing written)", async () => {
    const before = snapshotTree(project);
    // Mostly valid names, so that the field specs and the mock data are what is checked.
    const mostly = <T,>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: odd });
    const routeName = fc.stringMatching(/^[a-z]{2,8}(-[a-z]{2,6})?$/).filter((name) => !["health", "docs", "index", "reports", "new", "delete", "default", "case", "class", "var", "let", "for", "do", "if", "in", "try", "with", "this", "void", "enum", "null", "true", "false", "super", "while", "break", "throw", "yield", "await", "catch", "const", "else", "export", "import", "return", "static", "switch", "typeof", "public", "private", "package", "extends", "finally", "function", "continue", "debugger", "interface", "protected", "implements", "instanceof", "arguments", "eval"].includes(name));
    const command = fc.oneof(
      fc.tuple(mostly(validModelName, oddText), fc.oneof(oddText, poisonedFields, fc.array(validFieldSpec, { maxLength: 3 }).map((specs) => specs.join(" ")))).map(([name, fields]) => ["add-model", name, "--fields", fields]),
      fc.tuple(mostly(routeName, oddText), hostileJsonText).map(([name, mock]) => ["add-route", name, "--mock", mock]),
      fc.tuple(mostly(fc.constant("reports"), oddText), mostly(routeName, oddText), mostly(fc.constantFrom("GET", "post", "PATCH"), oddText), hostileJsonText).map(([route, name, method, mock]) => ["add-subroute", route, name, "--method", method, "--mock", mock]),
    );
    await fc.assert(
      fc.asyncProperty(command, async (argv) => {
        const what = JSON.stringify(argv);
        expectAcceptedOrRefused(await run([...argv, "--dry-run"], project), what);
        expect(snapshotTree(project), what).toEqual(before);
      }),
      { numRuns: 120 },
    );
  });

  it("create-backant --spec refuses a poisoned spec: exit 2, one clear line, nothing written", async () => {
    const before = snapshotTree(parent);
    const spec = fc.oneof(
      fc.tuple(poisonedModelName, validModelName).map(([bad, good]) => JSON.stringify({ models: { [good]: { fields: "a:string" }, [bad]: {} } })),
      fc.tuple(validModelName, poisonedFields).map(([name, fields]) => JSON.stringify({ models: { [name]: { fields } } })),
      fc.tuple(validModelName, poisonedFields).map(([name, fields]) => `{"models": {"${name}": {"fields": "a:string"}, "${name}": {"fields": ${JSON.stringify(fields)}}}}`),
      poisonedJsonText.map((mock) => `{"models": {}, "routes": {"stats": {"mock": ${mock}}}}`),
      poisonedJsonText.map((mock) => `{"models": {}, "routes": {"stats": {"subroutes": {"daily": {"mock": ${mock}}}}}}`),
      fc.constantFrom('{"models": {"__proto__": {"fields": "a:string"}}}', '{"routes": {"__proto__": {}}}', '{"models": {"Orders": {"fields": {"__proto__": "string"}}}}', '{"models": {"Health": {}}}', '{"routes": {"docs": {}}}', '{"name": " shop-api"}'),
    );
    await fc.assert(
      fc.asyncProperty(spec, async (text) => {
        const what = `--spec ${text.slice(0, 300)}`;
        expectCleanRefusal(await run(["new", "--spec", text, "--yes", "--no-install"], parent), what);
        expect(snapshotTree(parent), what).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it("create-backant --spec takes any spec with exit 0 or 2 and no stack, and a refused one writes nothing", async () => {
    const before = snapshotTree(parent);
    const models = fc.dictionary(fc.oneof({ weight: 3, arbitrary: validModelName }, { weight: 1, arbitrary: oddText }), fc.oneof(fc.record({ fields: fc.oneof(poisonedFields, fc.array(validFieldSpec, { maxLength: 2 }).map((specs) => specs.join(" "))) }), fc.jsonValue({ maxDepth: 1 })), { maxKeys: 3 });
    const routes = fc.dictionary(oddText, fc.record({ methods: fc.array(fc.constantFrom("GET", "POST", "FETCH"), { maxLength: 2 }) }, { requiredKeys: [] }), { maxKeys: 2 });
    const specText = fc.oneof(
      fc.record({ models, routes }, { requiredKeys: [] }).map((spec) => JSON.stringify(spec)),
      // text-level attacks JSON.stringify cannot write: a key given twice, __proto__, deep nesting
      fc.tuple(validModelName, poisonedFields).map(([name, fields]) => `{"models": {"${name}": {"fields": "a:string"}, "${name}": {"fields": ${JSON.stringify(fields)}}}}`),
      fc.constantFrom('{"models": {"__proto__": {"fields": "a:string"}}}', '{"routes": {"__proto__": {}}}', '{"models": {"Orders": {"fields": {"__proto__": "string"}}}}'),
      hostileJsonText.map((mock) => `{"models": {}, "routes": {"r": {"mock": ${mock.startsWith("[") || mock.startsWith("{") || mock.startsWith('"') ? mock : JSON.stringify(mock)}}}}`),
    );
    await fc.assert(
      fc.asyncProperty(specText, fc.boolean(), async (spec, dryRun) => {
        const what = `--spec ${spec.slice(0, 300)}`;
        const result = await run(["new", "shop-api", "--spec", spec, "--yes", "--no-install", ...(dryRun ? ["--dry-run"] : [])], parent);
        expectAcceptedOrRefused(result, what);
        if (result.exitCode === 0 && !dryRun) removeDir(`${parent}/shop-api`);
        expect(snapshotTree(parent), what).toEqual(before);
        expect(readdirSync(parent).filter((entry) => entry.includes("backant-staging")), what).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

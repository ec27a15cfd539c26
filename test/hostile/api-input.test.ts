import { createHash } from "node:crypto";
import path from "node:path";
import Database from "libsql";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectModelInput } from "../../src/scaffold/project-files.js";
import { copyProject } from "../support/generated-project.js";
import pg from "pg";
import { dropPgDatabase, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { removeDir } from "../support/scratch.js";
import { call, inProject, startServer, stopServer, type RunningServer } from "../templates/project-checks.js";

/**
 * Anonymous hostile input to a generated API (issue 9, points 5 and 8), on SQLite and PostgreSQL:
 * one generated project each (the installed base's node_modules, its models rendered now), its
 * database pushed, its server started once. First the cases the issue measured as 500s, then
 * generated bodies and query strings. Every answer must be below 500; a 4xx must leave the
 * database as it was (a hash of every row before and after).
 */

const MODELS: ProjectModelInput[] = [
  { name: "Items", fields: "label:string(40) note:text? price:decimal(10,2) data:json? big:bigint? ratio:float? qty:int? day:date? active:boolean? status:enum(draft,live)?" },
  { name: "Tags", fields: "id:id(cuid) name:string" },
];

/** Values of every kind a client can put in JSON, biased to the edges. */
const anyJson = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 0.1, -0, "", "\u0000", "a\u0000b", "\ud800", "x".repeat(41), "9223372036854775808", "-9223372036854775809", "123456789012.999", "1.999", "1e5", "NaN", "2024-02-30", "0000-01-01", "9999-12-31T23:59:59.999Z", null, true, [], {}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 90, max: 400 }).map((depth) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown) },
);

/** A body the API takes: the generators below spoil one field of it, so that the database, not only the schema, meets the hostile value. */
const validItem = fc.record(
  {
    label: fc.string({ unit: "binary", maxLength: 40 }),
    price: fc.tuple(fc.integer({ min: -99999999, max: 99999999 }), fc.integer({ min: 0, max: 99 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, "0")}`),
    note: fc.option(fc.string({ unit: "binary", maxLength: 200 })),
    data: fc.option(fc.jsonValue({ maxDepth: 2 })),
    big: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)),
    ratio: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    qty: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
    day: fc.option(fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2999-12-31T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))),
    active: fc.option(fc.boolean()),
    status: fc.option(fc.constantFrom("draft", "live")),
  },
  { requiredKeys: ["label", "price"] },
);
const fieldNames = ["label", "note", "price", "data", "big", "ratio", "qty", "day", "active", "status", "id", "createdAt", "updatedAt", "__proto__", "constructor", "toString"];
const hostileBody = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(validItem, fc.constantFrom(...fieldNames), anyJson).map(([item, key, value]) => ({ ...item, [key]: value })) },
  { weight: 1, arbitrary: validItem },
  { weight: 1, arbitrary: anyJson },
);

// Edges first: a query string is text, and the edges are where text meets numbers and SQL.
const queryEdge = fc.constantFrom("1e308", "999999999999999999", "-1", "0", "Infinity", "NaN", "1.5", "true", "\u0000", "a\u0000", "\ud800", "", "label", "9223372036854775808", "123456789012.999", "2024-02-30");
const validQuery = fc.record(
  {
    page: fc.integer({ min: 1, max: 3 }).map(String),
    pageSize: fc.integer({ min: 1, max: 100 }).map(String),
    sort: fc.constantFrom("id", "label", "price", "qty", "day", "createdAt"),
    order: fc.constantFrom("asc", "desc"),
    total: fc.constantFrom("true", "false"),
    label: fc.string({ unit: "binary", maxLength: 10 }),
    qty: fc.integer().map(String),
  },
  { requiredKeys: [] },
);
const hostileQuery = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(validQuery, fc.constantFrom("page", "pageSize", "sort", "order", "total", "label", "price", "qty", "big", "ratio", "day", "data", "id", "nope"), queryEdge).map(([query, key, value]) => ({ ...query, [key]: value })) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(queryEdge, fc.string({ unit: "binary", maxLength: 8 })), { maxKeys: 3 }) },
);

describe.each(["sqlite", "postgresql"] as const)("hostile input to a generated API (%s)", (db) => {
  const database = uniqueDatabaseName("bk_hard_");
  let dir: string;
  let server: RunningServer;
  // One connection for the hashes (a connection per query cost more than the requests checked).
  let pgClient: pg.Client | undefined;

  /** Every row of both tables, hashed: what a refused request must leave alone. */
  const dbHash = async (): Promise<string> => {
    let rows: unknown;
    if (db === "sqlite") {
      const sqlite = new Database(path.join(dir, "dev.db"), { readonly: true });
      try {
        rows = [sqlite.prepare("SELECT * FROM items ORDER BY id").all(), sqlite.prepare("SELECT * FROM tags ORDER BY id").all()];
      } finally {
        sqlite.close();
      }
    } else {
      rows = [(await pgClient!.query("SELECT * FROM items ORDER BY id")).rows, (await pgClient!.query("SELECT * FROM tags ORDER BY id")).rows];
    }
    return createHash("sha256").update(JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).digest("hex");
  };

  beforeAll(async () => {
    dir = await copyProject(db, { prefix: `bk-hostile-${db}`, models: MODELS, ...(db === "postgresql" ? { databaseUrl: pgUrl(database) } : {}) });
    await inProject(dir, process.execPath, ["node_modules/prisma/build/index.js", "db", "push"]);
    server = await startServer(dir, ["node_modules/.bin/tsx", "src/server.ts"], { NODE_ENV: "production" });
    if (db === "postgresql") {
      pgClient = new pg.Client({ connectionString: pgUrl(database) });
      await pgClient.connect();
    }
  }, 10 * 60_000);

  afterAll(async () => {
    await pgClient?.end();
    if (server) await stopServer(server);
    if (dir) removeDir(dir);
    if (db === "postgresql") await dropPgDatabase(database);
  });

  /** A request whose answer must be a 400 naming `field`, with the database unchanged. */
  const expectRefused = async (method: string, url: string, body: unknown, field: string) => {
    const before = await dbHash();
    const answer = await call(`${server.url}${url}`, method, body);
    expect(answer.status, `${method} ${url} ${JSON.stringify(body)}: ${JSON.stringify(answer.json)}\n${server.output().slice(-2000)}`).toBe(400);
    expect(answer.json.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await dbHash()).toBe(before);
  };

  it("answers 400 naming the field where it answered 500 (the issue's cases)", async () => {
    await expectRefused("GET", "/items?page=1e308", undefined, "page");
    await expectRefused("GET", "/items?page=999999999999999999", undefined, "page");
    await expectRefused("POST", "/items", { label: "a", price: "123456789012.999" }, "price");
    await expectRefused("POST", "/items", { label: "a", price: "1.999" }, "price");
    await expectRefused("POST", "/items", { label: "a", price: "1", big: "9223372036854775808" }, "big");
    // found by the generated cases below: ajv let ?page=Infinity through as an integer; PostgreSQL
    // refuses the year 0 and a double Prisma rounds past its range; Prisma refuses a lone surrogate in json
    await expectRefused("GET", "/items?page=Infinity", undefined, "page");
    await expectRefused("GET", "/items?ratio=-Infinity", undefined, "ratio");
    await expectRefused("POST", "/items", { label: "a", price: "1", day: "0000-01-01" }, "day");
    await expectRefused("POST", "/items", { label: "a", price: "1", ratio: -Number.MAX_VALUE }, "ratio");
    if (db === "postgresql") await expectRefused("POST", "/items", { label: "a", price: "1", data: { k: "\ud800" } }, "data.k");
    // the Prisma client serializes a json value by recursion: 5,000 nested arrays overflowed its stack
    // (sent as text: JSON.stringify of it would overflow this test's own stack)
    const before = await dbHash();
    const deep = await fetch(`${server.url}/items`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"label": "a", "price": "1", "data": ${"[".repeat(5000)}${"]".repeat(5000)}}` });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { fields: Array<{ field: string }> }).fields).toEqual([{ field: "data", message: "must not nest more than 100 levels deep" }]);
    expect(await dbHash()).toBe(before);
    // createdAt is the server's, like updatedAt
    await expectRefused("POST", "/items", { label: "a", price: "1", createdAt: "2000-01-01T00:00:00.000Z" }, "createdAt");

    const nul = "a\u0000b";
    // PostgreSQL cannot store NUL in text or jsonb, and SQLite's driver gives such text back cut at
    // the NUL: refused on both before any query, naming where it is
    await expectRefused("POST", "/items", { label: nul, price: "1" }, "label");
    await expectRefused("POST", "/items", { label: "a", price: "1", data: { k: [nul] } }, "data.k.0");
    await expectRefused("GET", `/items?label=${encodeURIComponent(nul)}`, undefined, "label");
    await expectRefused("GET", `/tags/${encodeURIComponent(nul)}`, undefined, "id");
  });

  it("answers generated hostile bodies and query strings below 500, changing nothing when it refuses", async () => {
    const created = await call(`${server.url}/items`, "POST", { label: "target", price: "1.50" });
    expect(created.status).toBe(201);
    const request = fc.oneof(
      { weight: 3, arbitrary: hostileQuery.map((query) => ({ method: "GET", url: `/items?${new URLSearchParams(query).toString()}`, body: undefined })) },
      hostileBody.map((body) => ({ method: "POST", url: "/items", body })),
      hostileBody.map((body) => ({ method: "PATCH", url: `/items/${created.json.id}`, body })),
      hostileBody.map((body) => ({ method: "PUT", url: `/items/${created.json.id}`, body })),
      hostileBody.map((body) => ({ method: "POST", url: "/tags", body })),
      fc.string({ unit: "binary", maxLength: 12 }).map((id) => ({ method: "GET", url: `/tags/${encodeURIComponent(id)}`, body: undefined })),
      fc.string({ unit: "binary", maxLength: 12 }).map((id) => ({ method: "DELETE", url: `/items/${encodeURIComponent(id)}`, body: undefined })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ method, url, body }) => {
        const before = await dbHash();
        const answer = await call(`${server.url}${url}`, method, body);
        const what = `${method} ${url} ${JSON.stringify(body)} -> ${answer.status} ${JSON.stringify(answer.json)}`;
        expect(answer.status, `${what}\n${server.output().slice(-3000)}`).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(answer.json, what).toMatchObject({ statusCode: answer.status, code: expect.any(String), message: expect.any(String) });
          expect(await dbHash(), what).toBe(before);
        }
      }),
      { numRuns: 200 },
    );
  });
});

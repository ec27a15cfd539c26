import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgPoolReads } from "../../src/runtime/pg-reads.js";
import type { SqlQueries } from "../../src/runtime/sql-table.js";
import { createPgDatabase, dropPgDatabase, pgUrl, uniqueDatabaseName } from "../support/postgres.js";

// The repositories' reads on PostgreSQL go to the pool of Prisma's pg adapter, with the adapter's
// values: each read here is compared with the same query through the adapter's own queryRaw, on a
// real database, and the pool's calls tell which path answered.

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Query = Parameters<SqlQueries["queryRaw"]>[0];

const database = uniqueDatabaseName("bk_pgreads_");
let adapter: Adapter;
let reads: SqlQueries;
/** The statement names the pool was asked for, in order ("" for unnamed). */
const sent: string[] = [];

const arg = (scalarType: string) => ({ scalarType, arity: "scalar" }) as Query["argTypes"][number];

beforeAll(async () => {
  await createPgDatabase(database);
  adapter = await new PrismaPg({ connectionString: pgUrl(database) }).connect();
  await adapter.executeScript(`
    CREATE TYPE mood AS ENUM ('calm', 'busy');
    CREATE TABLE plain (id serial PRIMARY KEY, name varchar(40), note text, code char(3), big bigint, small smallint, ok boolean,
      ratio double precision, real4 real, price numeric(10,2), day date, at timestamp(3), uid uuid, mood mood);
    CREATE TABLE other (id serial PRIMARY KEY, data jsonb, photo bytea, tags text[], zoned timestamptz(3), clock time, cash money);
    INSERT INTO plain (name, note, code, big, small, ok, ratio, real4, price, day, at, uid, mood) VALUES
      ('a', 'n', 'abc', 9007199254740993, -3, true, 0.1, 1.5, 3.10, '2024-02-29', '2026-01-02 03:04:05.678', '6f1c1a52-3b2e-4f0e-9a5c-1d2e3f4a5b6c', 'busy'),
      (NULL, NULL, NULL, NULL, NULL, false, 'NaN', '-Infinity', -0.5, '1999-12-31', '2026-01-02 03:04:05', NULL, NULL);
    INSERT INTO other (data, photo, tags, zoned, clock, cash) VALUES ('{"a": [1, "x"]}', '\\x00ff', '{x,NULL,"y z"}', '2026-01-02 03:04:05.678+00', '10:11:12', 12.5);
  `);
  const pool = adapter.underlyingDriver();
  const query = pool.query.bind(pool) as (config: { name?: string }) => Promise<unknown>;
  (pool as unknown as { query: typeof query }).query = (config) => {
    sent.push(config.name ?? "");
    return query(config);
  };
  reads = pgPoolReads(adapter) as SqlQueries;
});

afterAll(async () => {
  await adapter?.dispose();
  await dropPgDatabase(database);
});

const bothWays = async (query: Query) => [await reads.queryRaw(query), await adapter.queryRaw(query)] as const;

describe("pgPoolReads", () => {
  it("answers from the pool, as named statements, with the adapter's value for every plain column type", async () => {
    const query = { sql: "SELECT * FROM plain ORDER BY id", args: [], argTypes: [] };
    sent.length = 0;
    const [direct, viaAdapter] = await bothWays(query);
    expect(direct.rows).toEqual(viaAdapter.rows);
    expect(direct.rows).toHaveLength(2);
    // the read itself (named), then the adapter's own query (unnamed here: no statementNameGenerator)
    expect(sent).toEqual([expect.stringMatching(/^backant_read_\d+$/), ""]);
    sent.length = 0;
    await reads.queryRaw(query);
    expect(sent).toEqual([expect.stringMatching(/^backant_read_\d+$/)]);
  });

  it("binds arguments as the adapter does: date-times as UTC text, bigint and decimal digits, booleans", async () => {
    const query = {
      sql: "SELECT id, at FROM plain WHERE at >= $1 AND at < $2 AND big = $3 AND price = $4 AND ok = $5",
      args: ["2026-01-02T08:34:05.678+05:30", new Date("2026-01-02T03:04:05.679Z"), "9007199254740993", "3.10", true],
      argTypes: [arg("datetime"), arg("datetime"), arg("bigint"), arg("decimal"), arg("boolean")],
    };
    // pg's own binding of a Date is local time: in a zone other than UTC it would shift the bounds.
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const [direct, viaAdapter] = await bothWays(query);
      expect(direct.rows).toEqual(viaAdapter.rows);
      expect(direct.rows).toHaveLength(1);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("hands a SQL text with any other column type to the adapter, then and every time after", async () => {
    const query = { sql: "SELECT * FROM other", args: [], argTypes: [] };
    sent.length = 0;
    const [first, viaAdapter] = await bothWays(query);
    expect(first.rows).toEqual(viaAdapter.rows);
    // tried once from the pool, then the adapter's (twice: the read, then the comparison)
    expect(sent).toEqual([expect.stringMatching(/^backant_read_\d+$/), "", ""]);
    sent.length = 0;
    expect((await reads.queryRaw(query)).rows).toEqual(viaAdapter.rows);
    expect(sent).toEqual([""]);
  });

  it("fails with the adapter's error", async () => {
    const query = { sql: "SELECT * FROM missing_table", args: [], argTypes: [] };
    const direct = await reads.queryRaw(query).catch((error: unknown) => error);
    const viaAdapter = await adapter.queryRaw(query).catch((error: unknown) => error);
    expect((direct as Error).name).toBe("DriverAdapterError");
    expect(direct).toEqual(viaAdapter);
  });

  it("is only for Prisma's pg adapter", () => {
    expect(pgPoolReads({ queryRaw: adapter.queryRaw.bind(adapter) })).toBeUndefined();
    expect(pgPoolReads({ provider: "sqlite", underlyingDriver: () => ({ query() {} }), queryRaw: adapter.queryRaw.bind(adapter) })).toBeUndefined();
  });
});

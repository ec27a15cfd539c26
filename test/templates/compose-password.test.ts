import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDatasourceUrl } from "../../src/engine/datasource.js";
import { createEnginePool } from "../../src/engine/postgres-connection.js";
import { PG_ADMIN_URL } from "../support/postgres.js";

/**
 * The compose files give the api a PostgreSQL URL without a password, and the password beside it in
 * PGPASSWORD (test/templates/deployment-files.test.ts). That holds only if both of the image's
 * PostgreSQL clients read PGPASSWORD when the URL names none: the app's (@prisma/adapter-pg makes a
 * pg.Pool from the connection string) and `backant migrate deploy`'s (backant's engine pool, built
 * from the URL's fields). Both connect for real here; the local server trusts 127.0.0.1, so the
 * password each sent is read back from its connected client.
 */
describe("the password beside the URL (PGPASSWORD)", () => {
  const password = "p@ss/w#rd:with?url&characters";
  const before = process.env.PGPASSWORD;

  beforeEach(() => {
    process.env.PGPASSWORD = password;
  });

  afterEach(() => {
    if (before === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = before;
  });

  it("is what the app's pool sends (pg.Pool from a connection string, as @prisma/adapter-pg makes it)", async () => {
    const pool = new pg.Pool({ connectionString: PG_ADMIN_URL });
    try {
      const client = await pool.connect();
      expect((client as unknown as { password: string }).password).toBe(password);
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      client.release();
    } finally {
      await pool.end();
    }
  });

  it("is what backant's engine pool sends (backant migrate deploy in the image)", async () => {
    const datasource = parseDatasourceUrl(PG_ADMIN_URL);
    if (datasource.provider !== "postgres") throw new Error(`expected a PostgreSQL datasource, got ${datasource.provider}`);
    expect(datasource.connection.password).toBeUndefined();
    const pool = createEnginePool(datasource.connection, datasource.schema);
    try {
      const client = await pool.connect();
      expect((client as unknown as { password: string }).password).toBe(password);
      client.release();
    } finally {
      await pool.end();
    }
  });

  it("loses to a password in the URL, so a URL with one keeps working as before", async () => {
    const url = new URL(PG_ADMIN_URL);
    url.password = "from-the-url";
    const pool = new pg.Pool({ connectionString: url.href });
    try {
      const client = await pool.connect();
      expect((client as unknown as { password: string }).password).toBe("from-the-url");
      client.release();
    } finally {
      await pool.end();
    }
  });
});

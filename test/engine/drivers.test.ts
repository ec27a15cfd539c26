// The drivers are the project's own dependencies (backant's optional peers): a missing one is named
// with the command that installs it, not reported as a module path deep in backant.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importing, loading, sqliteDriver } from "../../dist/database/drivers.js";
import { CommandFailure } from "../../dist/errors.js";

describe("database drivers", () => {
  it("names the packages to install when a driver cannot be loaded", async () => {
    let thrown: unknown;
    try {
      loading("postgresql", () => {
        throw Object.assign(new Error("Cannot find module 'pg'\nRequire stack: ..."), { code: "MODULE_NOT_FOUND" });
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CommandFailure);
    expect(thrown).toMatchObject({ code: "DATABASE_DRIVER_MISSING", exitCode: 1, details: { packages: ["@prisma/adapter-pg@7.10.0", expect.stringMatching(/^pg@/)] } });
    expect((thrown as Error).message).toBe("This project's database is PostgreSQL, and its driver is not installed (Cannot find module 'pg').");
    expect((thrown as CommandFailure).hint).toMatch(/^Install it in the project: npm install @prisma\/adapter-pg@7\.10\.0 pg@/);

    // A real failed import of a package that is not there.
    await expect(importing("sqlite", () => import("better-sqlite3-not-installed" as string))).rejects.toMatchObject({ code: "DATABASE_DRIVER_MISSING", hint: expect.stringContaining("@prisma/adapter-libsql@7.10.0 libsql@") });
  });

  it("passes other errors through, and loads the installed driver", () => {
    const failure = new Error("the addon was built for another Node");
    expect(() => loading("sqlite", () => { throw failure; })).toThrow(failure);
    const Database = sqliteDriver();
    const db = new Database(":memory:");
    expect(db.prepare("SELECT 1 + 1 AS two").all()).toEqual([{ two: 2 }]);
    db.close();
  });

  it("opens no missing file and writes nothing through a read-only handle (libsql ignores both options)", () => {
    const Database = sqliteDriver();
    const dir = mkdtempSync(path.join(os.tmpdir(), "backant-driver-"));
    try {
      const file = path.join(dir, "missing.db");
      expect(() => new Database(file, { fileMustExist: true })).toThrow(expect.objectContaining({ code: "SQLITE_CANTOPEN" }));
      expect(existsSync(file)).toBe(false);
      const writable = new Database(file);
      writable.exec("CREATE TABLE t (x INTEGER)");
      writable.close();
      const reader = new Database(file, { readonly: true, fileMustExist: true });
      expect(() => reader.exec("INSERT INTO t VALUES (1)")).toThrow(/readonly|read-only|query_only/i);
      expect(reader.prepare("SELECT count(*) AS n FROM t").all()).toEqual([{ n: 0 }]);
      reader.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

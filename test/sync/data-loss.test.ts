import { describe, expect, it } from "vitest";
import { describeChanges, parseDataLossChanges } from "../../src/sync/data-loss.js";

// Output of `prisma db push` 7.10 through the offline engine, as captured from real runs.
const WARNINGS_STDOUT = `Datasource "db": SQLite database "dev.db" at "file:./dev.db"

⚠️  There might be data loss when applying the changes:

  • You are about to drop the column \`phone\` on the \`users\` table, which still contains 1 non-null values.

  • You are about to alter the column \`name\` on the \`users\` table, which contains 2 non-null values. The data in that column will be cast from \`String\` to \`Int\`.

  • You are about to drop the \`posts\` table, which is not empty (3 rows).

  • A unique constraint covering the columns \`[email,name]\` on the table \`users\` will be added. If there are existing duplicate values, this will fail.
`;

const UNEXECUTABLE_STDERR = `Prisma schema loaded from prisma/schema.prisma.
Error: 
⚠️ We found changes that cannot be executed:

  • Added the required column \`age\` to the \`users\` table without a default value. There are 2 rows in this table, it is not possible to execute this step.

You may use the --force-reset flag to drop the database before push like prisma db push --force-reset
`;

describe("parseDataLossChanges", () => {
  it("names the table and columns of each warning", () => {
    const changes = parseDataLossChanges(WARNINGS_STDOUT, "Error: Use the --accept-data-loss flag to ignore the data loss warnings");
    expect(changes.map(({ kind, table, columns }) => ({ kind, table, columns }))).toEqual([
      { kind: "warning", table: "users", columns: ["phone"] },
      { kind: "warning", table: "users", columns: ["name"] },
      { kind: "warning", table: "posts", columns: [] },
      { kind: "warning", table: "users", columns: ["email", "name"] },
    ]);
    expect(changes[0]?.message).toBe("You are about to drop the column `phone` on the `users` table, which still contains 1 non-null values.");
    expect(describeChanges(changes)).toBe("users.phone; users.name; table posts; users.email, users.name");
  });

  it("marks steps that cannot be executed", () => {
    expect(parseDataLossChanges("", UNEXECUTABLE_STDERR)).toEqual([
      {
        kind: "unexecutable",
        table: "users",
        columns: ["age"],
        message: "Added the required column `age` to the `users` table without a default value. There are 2 rows in this table, it is not possible to execute this step.",
      },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { BackantError } from "../../src/errors.js";
import { insertAtMarkers, ROUTE_IMPORTS_MARKER, ROUTES_MARKER, routeRegistration } from "../../src/scaffold/route-wiring.js";

const index = `import type { FastifyInstance } from "fastify";
import { usersRoute } from "./users.route.js";
// backant:route-imports

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(usersRoute, { prefix: "/users" });
  // backant:routes
}
`;

function wire(text: string, kebab: string, camel: string): string {
  const { importLine, registerLine } = routeRegistration(kebab, camel);
  return insertAtMarkers(
    text,
    [
      { marker: ROUTE_IMPORTS_MARKER, lines: [importLine] },
      { marker: ROUTES_MARKER, lines: [registerLine] },
    ],
    "src/routes/index.ts",
  );
}

function refusal(fn: () => unknown): BackantError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BackantError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("insertAtMarkers", () => {
  it("puts each line above its marker with the marker's indentation, and keeps the markers", () => {
    expect(wire(index, "order-lines", "orderLines")).toBe(`import type { FastifyInstance } from "fastify";
import { usersRoute } from "./users.route.js";
import { orderLinesRoute } from "./order-lines.route.js";
// backant:route-imports

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(usersRoute, { prefix: "/users" });
  await app.register(orderLinesRoute, { prefix: "/order-lines" });
  // backant:routes
}
`);
  });

  it("does not wire the same route twice", () => {
    const once = wire(index, "orders", "orders");
    expect(wire(once, "orders", "orders")).toBe(once);
  });

  it("keeps CRLF line endings", () => {
    const crlf = index.replace(/\n/g, "\r\n");
    const wired = wire(crlf, "orders", "orders");
    expect(wired).toBe(wire(index, "orders", "orders").replace(/\n/g, "\r\n"));
  });

  it("inserts a multi-line block once, blank lines unindented", () => {
    const text = "class A {\n    // backant:service-methods\n}\n";
    const block = { marker: "// backant:service-methods", lines: ["get() {", "  return 1;", "}", ""] };
    const once = insertAtMarkers(text, [block], "a.ts");
    expect(once).toBe("class A {\n    get() {\n      return 1;\n    }\n\n    // backant:service-methods\n}\n");
  });

  it("refuses a missing marker, naming the file and the line to restore", () => {
    const error = refusal(() => wire(index.replace("  // backant:routes\n", ""), "orders", "orders"));
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe("MISSING_MARKER");
    expect(error.message).toContain('"// backant:routes" is missing from src/routes/index.ts');
    expect(error.hint).toContain("Put the line `// backant:routes` back in src/routes/index.ts");
  });

  it("refuses a marker given twice", () => {
    const error = refusal(() => wire(index.replace("// backant:routes", "// backant:routes\n  // backant:routes"), "orders", "orders"));
    expect(error.code).toBe("DUPLICATE_MARKER");
  });

  it("does not take a marker that is part of a longer line", () => {
    const error = refusal(() => wire(index.replace("  // backant:routes", "  foo(); // backant:routes"), "orders", "orders"));
    expect(error.code).toBe("MISSING_MARKER");
  });
});

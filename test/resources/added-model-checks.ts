import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { expect } from "vitest";
import { call, freePort } from "../templates/project-checks.js";

/**
 * Issue 4 point 7, "add a model, and repeat the checks", shared by test/resources (projects whose
 * backant is linked to this checkout) and the e2e test (backant installed from the packed tarball):
 * a model related to Users with an enum, a decimal and a unique field, then type-check, the
 * project's own tests, and CRUD over HTTP on the new route with its 400, 409 and 404.
 */

export const ORDER_FIELDS =
  "title:string(120) total:decimal(10,2) status:enum(pending,paid,shipped):default(pending) code:string(20):unique note:text? customer:belongsTo(Users)";

/** CRUD on /orders of a running server, errors included; leaves one order ("A-2"). */
export async function exerciseOrders(base: string): Promise<void> {
  const orders = `${base}/orders`;
  const ada = await call(`${base}/users`, "POST", { email: "ada.orders@example.com", name: "Ada" });
  expect(ada.status, JSON.stringify(ada.json)).toBe(201);
  const order = await call(orders, "POST", { title: "Gears", total: "12.50", code: "A-1", customerId: ada.json.id });
  expect(order.status, JSON.stringify(order.json)).toBe(201);
  expect(order.json).toMatchObject({ title: "Gears", total: "12.50", status: "pending", code: "A-1", note: null, customerId: ada.json.id });
  expect(await call(`${orders}/${order.json.id}`, "GET")).toEqual({ status: 200, json: order.json });
  const paid = await call(`${orders}/${order.json.id}`, "PATCH", { status: "paid" });
  expect(paid).toMatchObject({ status: 200, json: { status: "paid" } });
  expect((await call(orders, "POST", { title: "Other", total: "1.00", code: "A-2", customerId: ada.json.id })).status).toBe(201);
  const list = await call(`${orders}?status=paid`, "GET");
  expect(list.json.data.map((row: { code: string }) => row.code)).toEqual(["A-1"]);

  // 400 for a value outside the enum (naming the field), 409 for a taken unique code
  const badStatus = await call(orders, "POST", { title: "X", total: "1.00", code: "B-1", customerId: ada.json.id, status: "lost" });
  expect(badStatus.status).toBe(400);
  expect(badStatus.json.fields.map((f: { field: string }) => f.field)).toEqual(["status"]);
  const taken = await call(orders, "POST", { title: "X", total: "1.00", code: "A-1", customerId: ada.json.id });
  expect(taken).toMatchObject({ status: 409, json: { code: "UNIQUE_CONFLICT", fields: [{ field: "code" }] } });

  const deleted = await fetch(`${orders}/${order.json.id}`, { method: "DELETE" });
  expect(deleted.status).toBe(204);
  expect((await call(`${orders}/${order.json.id}`, "GET")).status).toBe(404);
  const docs = await call(`${base}/docs/json`, "GET");
  expect(Object.keys(docs.json.paths)).toEqual(expect.arrayContaining(["/orders", "/orders/{id}"]));
}

/**
 * In an installed project: `npx backant add-model Orders ...` (the project's own backant), then
 * prisma generate, typecheck, the project's tests (the new orders.test.ts among them), db push,
 * build, and the built server serving /orders; SIGTERM exits 0.
 */
export async function addModelAndRecheck(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const run = async (command: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const result = await execa(command, args, { cwd: dir, env: { ...env, ...extra }, reject: false, all: true, stdin: "ignore" });
    expect(result.exitCode, `${command} ${args.join(" ")}:\n${result.all}`).toBe(0);
    return stripVTControlCharacters(result.all ?? "");
  };
  const added = await run("npx", ["backant", "add-model", "Orders", "--fields", ORDER_FIELDS]);
  expect(added).toContain("created src/routes/orders.route.ts");
  expect(added).toContain("updated src/routes/index.ts");
  expect(added).toContain("created test/factories/Orders.factory.ts");
  await run("npx", ["prisma", "generate"]);
  await run("npm", ["run", "typecheck"]);
  // the new files, and the regenerated Users files, as Biome formats them
  await run("npm", ["run", "lint"]);
  const tests = await run("npm", ["test"]);
  expect(tests).toMatch(/✓ test\/orders\.test\.ts /);
  await run("npx", ["prisma", "db", "push"]);
  await run("npm", ["run", "build"]);

  const port = await freePort();
  const server = execa("node", ["dist/server.js"], { cwd: dir, env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, reject: false, all: true, stdin: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; ; attempt++) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${(await server).all}`);
      if (await fetch(`${base}/health`).then((response) => response.ok, () => false)) break;
      if (attempt > 600) throw new Error("the server did not answer /health");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await exerciseOrders(base);
  } finally {
    server.kill("SIGTERM");
    const stopped = await server;
    expect(stopped.exitCode, stopped.all).toBe(0);
  }
}

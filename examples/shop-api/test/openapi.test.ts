import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { createTestApp } from "./helpers.js";

let app: FastifyInstance;
let prisma: PrismaClient;

beforeAll(async () => {
  ({ app, prisma } = await createTestApp());
});

afterAll(async () => {
  await app.close();
  await prisma.$disconnect();
});

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
}

/**
 * Runs Redocly's linter (`redocly lint`, its recommended rules) on a document: the rules client
 * generators and API gateways depend on (unique operationIds, summaries, servers, no trailing
 * slashes, resolvable references).
 */
async function redoclyLint(document: object): Promise<LintReport> {
  const dir = mkdtempSync(path.join(tmpdir(), "openapi-lint-"));
  try {
    const file = path.join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document));
    const cli = createRequire(import.meta.url)
      .resolve("@redocly/cli/package.json")
      .replace(/package\.json$/, "bin/cli.js");
    // No usage data sent and no update check: a test talks to nobody.
    const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
    const run = await promisify(execFile)(process.execPath, [cli, "lint", file, "--extends=recommended", "--format=json"], { env }).catch(
      (failure: { stdout?: string; stderr?: string }) => failure,
    );
    try {
      return JSON.parse(run.stdout ?? "") as LintReport;
    } catch {
      throw new Error(`redocly lint printed no report:\n${run.stdout}\n${run.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The recommended rules' warnings this app leaves, each for a reason; any other problem fails:
 * - info-license: the project states no license, and the template does not choose one for you
 *   (add `license` to `info` in src/helper/openapi.ts when you do);
 * - operation-4xx-response on an operation that takes no input (no parameters, no body: /health,
 *   /ready, a mock endpoint): nothing a client sends can make it fail. An operation that takes input
 *   has its 400 (src/helper/openapi.ts).
 */
type OpenApiDocument = { paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown } | undefined>> };

function accepted(problem: LintReport["problems"][number], document: OpenApiDocument): boolean {
  const pointer = problem.location[0]?.pointer ?? "";
  if (problem.ruleId === "info-license") return pointer === "#/info";
  if (problem.ruleId !== "operation-4xx-response") return false;
  const [, url, method] = /^#\/paths\/([^/]+)\/([a-z]+)\/responses$/.exec(pointer) ?? [];
  const operation = url && method ? document.paths[url.replaceAll("~1", "/").replaceAll("~0", "~")]?.[method] : undefined;
  return operation !== undefined && (operation.parameters ?? []).length === 0 && operation.requestBody === undefined;
}

describe("the OpenAPI document", () => {
  it("passes redocly lint with the recommended rules: no error, no warning but the accepted ones", async () => {
    const document = app.swagger() as OpenApiDocument;
    const report = await redoclyLint(document);
    const problems = report.problems.filter((p) => !accepted(p, document)).map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // the warnings accepted above are still there: the lint did run
    expect(report.problems.map((p) => p.ruleId)).toContain("info-license");
  }, 60_000);

  it("gives every operation an operationId, a summary and a tag declared at the top", () => {
    const document = app.swagger() as {
      tags?: Array<{ name: string }>;
      paths: Record<string, Record<string, { operationId?: string; summary?: string; tags?: string[] }>>;
    };
    const declared = (document.tags ?? []).map((tag) => tag.name);
    const operations = Object.entries(document.paths).flatMap(([url, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ at: `${method.toUpperCase()} ${url}`, ...operation })),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      expect(operation.operationId, operation.at).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(operation.summary, operation.at).toBeTruthy();
      expect(operation.tags?.length, operation.at).toBeGreaterThan(0);
      for (const tag of operation.tags ?? []) expect(declared, operation.at).toContain(tag);
    }
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { Prisma } from "../generated/prisma/client.js";

/**
 * One JSON error format for every failure the API reports:
 *   { "statusCode": 400, "code": "VALIDATION_FAILED", "message": "...", "fields": [{ "field": "email", "message": "..." }] }
 * `fields` is present on 400 (failing fields) and 409 (conflicting fields) only.
 */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Array<{ field: string; message: string }>;
}

/** Throw from a service to answer with a status and code; anything else becomes a 500. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: ErrorBody["fields"],
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The one 404 of every route by id: "Order 5 not found". */
export const notFound = (what: string, id: unknown): AppError => new AppError(404, "NOT_FOUND", `${what} ${String(id)} not found`);

export const errorSchema = {
  type: "object",
  properties: {
    statusCode: { type: "integer" },
    code: { type: "string" },
    message: { type: "string" },
    fields: { type: "array", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
  },
  required: ["statusCode", "code", "message"],
} as const;

type ValidationIssue = NonNullable<FastifyError["validation"]>[number];

/** "/address/city" or missingProperty/additionalProperty -> "address.city", "email". */
function fieldOf(issue: ValidationIssue): string {
  const params = issue.params as Record<string, unknown>;
  const base = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
  const child = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  return child === undefined ? base : base === "" ? child : `${base}.${child}`;
}

function messageOf(issue: ValidationIssue): string {
  if (issue.keyword === "required") return "is required";
  if (issue.keyword === "additionalProperties") return "is not a known field";
  if (issue.keyword === "minProperties") return "at least one field is required";
  // ?sort=, ?include= and enum fields: say what is allowed, not only that the value is not.
  const allowed = (issue.params as { allowedValues?: unknown }).allowedValues;
  if (issue.keyword === "enum" && Array.isArray(allowed)) return `must be one of: ${allowed.filter((v) => v !== null).join(", ")}`;
  // A pattern says nothing to a client; the schema's description (backant/runtime writes one for
  // decimals and bigints) says what is expected.
  // Fastify's type leaves out what ajv's verbose mode adds (parentSchema).
  const description = (issue as { parentSchema?: { description?: unknown } }).parentSchema?.description;
  if (issue.keyword === "pattern")
    return typeof description === "string" ? `must be ${description}` : `must match the pattern ${String((issue.params as { pattern?: unknown }).pattern)}`;
  return issue.message ?? "is invalid";
}

/**
 * Text a database cannot store as sent: PostgreSQL refuses the NUL character (\u0000) in text
 * (22021) and jsonb (22P05), and SQLite's driver (libsql) stores it but gives the text back cut
 * at the NUL; Prisma refuses half of a UTF-16 surrogate pair ("\ud800") inside a json value. NUL is
 * refused before any query, on every database (refuseNulText); a lone surrogate once the write or
 * query has failed. Either way the 400 names the fields that hold it.
 */
const NUL = "the NUL character (\\u0000)";
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string): string | undefined =>
  text.includes("\u0000") ? NUL : LONE_SURROGATE.test(text) ? "half of a UTF-16 surrogate pair" : undefined;

function unstorableFields(request: FastifyRequest): Array<{ field: string; message: string }> {
  const found: Array<{ field: string; message: string }> = [];
  // Iterative: a body nested thousands of levels deep must not overflow the stack here.
  const pending: Array<[unknown, string]> = [
    [request.body, ""],
    [request.query, ""],
    [request.params, ""],
  ];
  while (pending.length > 0) {
    const [value, at] = pending.pop() as [unknown, string];
    if (typeof value === "string") {
      const what = unstorable(value);
      if (what) found.push({ field: at, message: `must not contain ${what}` });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const path = at === "" ? key : `${at}.${key}`;
        const what = unstorable(key);
        if (what) found.push({ field: path, message: `must not contain ${what} in its name` });
        pending.push([child, path]);
      }
    }
  }
  return found.reverse();
}

/**
 * preValidation hook: a request whose body, query or path holds NUL is refused before anything runs.
 * Only a request with a body, or with "%00" in its URL, is scanned. A callback hook, not an async
 * one: it runs on every request, and most pass it without a scan.
 */
export function refuseNulText(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  const fields = request.body === undefined && !request.url.includes("%00") ? [] : unstorableFields(request).filter((field) => field.message.includes(NUL));
  if (fields.length === 0) {
    done();
    return;
  }
  const list = fields.map((f) => `${f.field} ${f.message}`).join("; ");
  done(new AppError(400, "VALIDATION_FAILED", `Invalid request: ${list} (the database cannot store it)`, fields));
}

/** A 400 for a failed Prisma call whose request holds text the database cannot store; null otherwise. */
function fromUnstorableText(request: FastifyRequest): AppError | null {
  const fields = unstorableFields(request);
  if (fields.length === 0) return null;
  return new AppError(
    400,
    "VALIDATION_FAILED",
    `Invalid request: ${fields.map((f) => `${f.field} ${f.message}`).join("; ")} (the database cannot store it)`,
    fields,
  );
}

/** Prisma's own error codes for what the client did wrong (not the server). */
function fromPrisma(error: Prisma.PrismaClientKnownRequestError, request: FastifyRequest): AppError | null {
  const body = request.body;
  switch (error.code) {
    case "P2002": {
      const fields = uniqueFields(error, body);
      const list = fields.length > 0 ? fields.join(", ") : "a unique field";
      return new AppError(
        409,
        "UNIQUE_CONFLICT",
        `A row with the same ${list} already exists`,
        fields.map((field) => ({ field, message: "must be unique" })),
      );
    }
    case "P2003":
      return new AppError(409, "FOREIGN_KEY_CONFLICT", "The row references a missing row, or is still referenced by another row");
    case "P2025":
      return new AppError(404, "NOT_FOUND", "Row not found");
    default:
      return null;
  }
}

const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/**
 * The request fields behind a violated unique constraint. Prisma 7's driver adapters report the
 * constraint's columns (SQLite) or its index name (PostgreSQL: "users_email_key"); both are in
 * column names, so they are matched back to the body's field names (columns are snake_case).
 */
function uniqueFields(error: Prisma.PrismaClientKnownRequestError, body: unknown): string[] {
  const meta = (error.meta ?? {}) as Record<string, unknown>;
  if (Array.isArray(meta.target)) return meta.target.map(String);
  const constraint = (meta.driverAdapterError as { cause?: { constraint?: { fields?: unknown; index?: unknown } } } | undefined)?.cause?.constraint;
  const columns = Array.isArray(constraint?.fields) ? constraint.fields.map((f) => String(f).replaceAll('"', "")) : [];
  const index = typeof constraint?.index === "string" ? constraint.index : "";
  const keys = typeof body === "object" && body !== null ? Object.keys(body) : [];
  const matched = keys.filter((key) => columns.includes(snake(key)) || columns.includes(key) || index.includes(`_${snake(key)}_`));
  return matched.length > 0 ? matched : columns;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  let body: ErrorBody;
  if (error.validation) {
    const where = error.validationContext ?? "request";
    // A query string's lists (?include=a,b) are one parameter to the client: "include", not "include.1".
    const fields = error.validation.map((issue) => ({
      field: where === "querystring" ? fieldOf(issue).replace(/\.\d+$/, "") : fieldOf(issue),
      message: messageOf(issue),
    }));
    body = {
      statusCode: 400,
      code: "VALIDATION_FAILED",
      message: `Invalid ${where}: ${fields.map((f) => (f.field ? `${f.field} ${f.message}` : f.message)).join("; ")}`,
      fields,
    };
  } else {
    const known =
      error instanceof AppError
        ? error
        : error instanceof Prisma.PrismaClientKnownRequestError
          ? (fromPrisma(error, request) ?? fromUnstorableText(request))
          : error instanceof Prisma.PrismaClientUnknownRequestError
            ? fromUnstorableText(request)
            : null;
    if (known) {
      body = { statusCode: known.statusCode, code: known.code, message: known.message, ...(known.fields ? { fields: known.fields } : {}) };
    } else if (typeof error.statusCode === "number" && error.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large.
      body = { statusCode: error.statusCode, code: error.code ?? "BAD_REQUEST", message: error.message };
    } else {
      // Internals (SQL, stack, driver messages) go to the log, never to the client.
      request.log.error({ err: error }, "request failed");
      body = { statusCode: 500, code: "INTERNAL_ERROR", message: "Internal server error" };
    }
  }
  void reply.status(body.statusCode).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({ statusCode: 404, code: "ROUTE_NOT_FOUND", message: `No route ${request.method} ${request.url}` } satisfies ErrorBody);
}

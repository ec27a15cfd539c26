import { writeFileSync } from "node:fs";
import { buildApp } from "./app.js";
import { createPrismaClient } from "./startup/database.js";
import { loadEnvironment } from "./startup/environment.js";

/**
 * Writes openapi.json, the document the app serves at /docs/json, for client generators
 * (`npm run client`) and API reviews. Run by `npm run build` and `npm run client`. No server starts
 * and no database is reached: the routes need a Prisma client, but it connects on its first query,
 * which never comes, so a build without DATABASE_URL (a Docker image build) writes it too.
 */
const env = loadEnvironment({
  DATABASE_URL: "file:./dev.db",
  ...process.env,
  NODE_ENV: "production",
  LOG_LEVEL: "silent",
});
const prisma = createPrismaClient(env.DATABASE_URL);
const app = await buildApp({ env, prisma });
await app.ready();
writeFileSync("openapi.json", `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();

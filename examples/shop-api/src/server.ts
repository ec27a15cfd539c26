import { existsSync } from "node:fs";
import { buildApp } from "./app.js";
import { createPrismaClient, tuneSqlite } from "./startup/database.js";
import { environmentOrExit } from "./startup/environment.js";

// Variables already set in the environment win over the .env file (as in Docker and CI).
if (existsSync(".env")) process.loadEnvFile(".env");

const env = environmentOrExit();
const prisma = createPrismaClient(env.DATABASE_URL);
await tuneSqlite(prisma);
const app = await buildApp({ env, prisma });

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, "shutting down");
  try {
    // Stops accepting connections and waits for in-flight requests, then closes the pool.
    await app.close();
    await prisma.$disconnect();
    process.exit(0);
  } catch (error) {
    app.log.error(error, "shutdown failed");
    process.exit(1);
  }
}
process.once("SIGINT", (signal) => void shutdown(signal));
process.once("SIGTERM", (signal) => void shutdown(signal));

try {
  await app.listen({ port: env.PORT, host: env.HOST });
} catch (error) {
  app.log.error(error, "could not start the server");
  await prisma.$disconnect();
  process.exit(1);
}

import { parentPort } from "node:worker_threads";
import { generateInProcess, loadGenerator } from "./generate-client.js";

/**
 * The Prisma client generator in a worker thread: loading Prisma's generator packages (about
 * 0.5 s of module loading) runs on the other core while the main thread renders the models and
 * pushes the schema; the generation itself starts on the main thread's word.
 */
if (parentPort) {
  const port = parentPort;
  const loaded = (async () => loadGenerator())();
  port.on("message", (request: { schemaPath: string; cwd: string }) => {
    void loaded
      .then(() => generateInProcess(request.schemaPath, request.cwd))
      .then(
        () => port.postMessage({ ok: true }),
        (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
      );
  });
}

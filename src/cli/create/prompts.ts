import { Interrupted } from "../../errors.js";
import type { Provider } from "../../project/config.js";

/**
 * The questions of an interactive create-backant, drawn by @clack/prompts as one frame: the first
 * question opens it (┌ create-backant), and it is closed exactly once (└ ...) however the command
 * ends, so the terminal never keeps a dangling left bar after a success, a cancel or an error.
 * Nothing is drawn when nothing is asked.
 */
export interface PromptSession {
  /** Whether a question was asked (the frame is open, or was). */
  readonly opened: boolean;
  /** The stream the frame is drawn on, for progress lines that belong inside it. */
  readonly output: NodeJS.WriteStream;
  askName(checkName: (name: string) => void): Promise<string>;
  askDatabase(): Promise<Provider>;
  /** Syntax is checked as the user types; the connection is checked by the caller. */
  askDatabaseUrl(defaultUrl: string, problem: (url: string) => string | undefined): Promise<string>;
  askInstall(): Promise<boolean>;
  /** Closes the frame with a message (clack's outro); nothing when no question was asked. */
  succeed(message: string): void;
  /** Closes the frame as failed or cancelled (clack's cancel, red); nothing when no question was asked. */
  fail(message: string): void;
}

/** Ctrl-C (or Escape) at a prompt: the entry point prints this once and exits 130, as for Ctrl-C anywhere. */
const cancelledAtPrompt = () => new Interrupted("Cancelled at the prompt; nothing was written.");

export async function promptSession(output: NodeJS.WriteStream = process.stderr): Promise<PromptSession> {
  const clack = await import("@clack/prompts");
  let opened = false;
  let closed = false;
  const open = () => {
    if (opened) return;
    opened = true;
    clack.intro("create-backant", { output });
  };
  const answer = <T>(value: T | symbol): T => {
    if (clack.isCancel(value)) throw cancelledAtPrompt();
    return value as T;
  };
  const close = (draw: () => void) => {
    if (!opened || closed) return;
    closed = true;
    draw();
  };
  return {
    get opened() {
      return opened;
    },
    output,
    async askName(checkName) {
      open();
      const name = answer<string>(
        await clack.text({
          message: "Project name",
          placeholder: "my-api",
          defaultValue: "my-api",
          output,
          validate: (value) => {
            if (!value) return undefined;
            try {
              checkName(value);
              return undefined;
            } catch (error) {
              return (error as Error).message;
            }
          },
        }),
      );
      return name || "my-api";
    },
    async askDatabase() {
      open();
      return answer<Provider>(
        await clack.select<Provider>({
          message: "Database",
          output,
          options: [
            { value: "sqlite", label: "SQLite", hint: "a file, nothing to install" },
            { value: "postgresql", label: "PostgreSQL", hint: "a server: yours, or docker-compose.yml's" },
            { value: "mysql", label: "MySQL", hint: "needs Prisma's native engine" },
          ],
          initialValue: "sqlite",
        }),
      );
    },
    async askDatabaseUrl(defaultUrl, problem) {
      open();
      const url = answer<string>(
        await clack.text({
          message: "PostgreSQL connection URL (checked before anything is written)",
          // Prefilled rather than a placeholder: the usual edit is the user or the database name.
          initialValue: defaultUrl,
          output,
          validate: (value) => (value ? problem(value) : "Give the URL of a running PostgreSQL server."),
        }),
      );
      return url.trim();
    },
    async askInstall() {
      open();
      return answer<boolean>(await clack.confirm({ message: "Install dependencies now (npm install)?", initialValue: true, output }));
    },
    succeed: (message) => close(() => clack.outro(message, { output })),
    fail: (message) => close(() => clack.cancel(message, { output })),
  };
}

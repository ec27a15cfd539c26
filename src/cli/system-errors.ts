import { CommandFailure, InputError, type BackantError } from "../errors.js";

/**
 * Errors of the operating system that reach the entry point untyped (a full disk, a read-only
 * folder, a path too long) are the environment's problem, or the input's, never a bug to show a
 * stack for: each becomes one sentence naming the path and what to do. ENAMETOOLONG comes from a
 * name the user gave (exit 2); the others from the machine (exit 1).
 */
const SYSTEM_ERRORS: Record<string, { what: string; hint: string; input?: true }> = {
  ENOSPC: { what: "no space left on the device", hint: "Free some disk space, then run the command again." },
  EDQUOT: { what: "the disk quota is exhausted", hint: "Free some space within your quota, then run the command again." },
  EROFS: { what: "the file system is read-only", hint: "Run the command where files can be written (or remount the file system read-write)." },
  EACCES: { what: "permission denied", hint: "Check the owner and permissions of that path, or run the command as a user who may write there." },
  EPERM: { what: "operation not permitted", hint: "Check the owner and permissions of that path (and that no other program holds it)." },
  EBUSY: { what: "the file is busy (held by another program)", hint: "Close the program that holds it, then run the command again." },
  EMFILE: { what: "too many open files", hint: "Raise the open-file limit (ulimit -n), then run the command again." },
  ENFILE: { what: "too many open files on the system", hint: "Close some programs or raise the system's open-file limit, then run the command again." },
  EIO: { what: "an input/output error of the device", hint: "Check the disk (or network file system), then run the command again." },
  ENAMETOOLONG: { what: "a file name is too long", hint: "Use shorter names (a model, route or project name becomes part of file names).", input: true },
};

interface SystemError {
  code: string;
  syscall?: string;
  path?: string;
  message: string;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as Partial<SystemError>).code === "string" && typeof (error as Partial<SystemError>).syscall === "string";
}

/** A one-line typed error for an operating-system error we know; undefined for anything else. */
export function systemErrorOf(error: unknown): BackantError | undefined {
  if (!isSystemError(error)) return undefined;
  const known = SYSTEM_ERRORS[error.code];
  if (known === undefined) return undefined;
  const where = error.path === undefined ? "" : ` (${shortPath(error.path)})`;
  const message = `Cannot ${verbOf(error.syscall)}${where}: ${known.what} [${error.code}].`;
  const options = { code: error.code, hint: known.hint, details: { syscall: error.syscall, ...(error.path === undefined ? {} : { path: error.path }) }, cause: error };
  return known.input ? new InputError(message, options) : new CommandFailure(message, options);
}

function verbOf(syscall: string | undefined): string {
  switch (syscall) {
    case "open":
    case "write":
    case "copyfile":
      return "write a file";
    case "mkdir":
    case "mkdtemp":
      return "create a folder";
    case "rename":
      return "move a file into place";
    case "unlink":
    case "rmdir":
    case "rm":
      return "remove a file";
    case "read":
    case "scandir":
    case "stat":
    case "lstat":
      return "read a file";
    default:
      return syscall ? `complete ${syscall}` : "complete a file operation";
  }
}

/** A 300-character file name would make the message itself unreadable: its start and end say enough. */
function shortPath(file: string): string {
  return file.length <= 160 ? file : `${file.slice(0, 100)}...${file.slice(-50)} (${file.length} characters)`;
}

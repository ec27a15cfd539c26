/**
 * Typed errors. Core code throws these; only the entry point (src/cli/main.ts) turns them into a
 * message and an exit code, so a command never calls process.exit and stays testable.
 */

/** 0 ok, 1 failure, 2 bad usage or input; 130 and 143 interrupted by SIGINT (Ctrl-C) or SIGTERM (128 + the signal's number, as shells report it). */
export type ExitCode = 0 | 1 | 2 | 130 | 143;

export class BackantError extends Error {
  /** Stable machine-readable code, shown in --report output. */
  readonly code: string;
  readonly exitCode: ExitCode;
  /** One sentence that tells the user what to do next. */
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    message: string,
    options: { code: string; exitCode: ExitCode; hint?: string; details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Bad usage or bad input (unknown flag, invalid name, a model file that does not check): exit 2. */
export class InputError extends BackantError {
  constructor(message: string, options: { code?: string; hint?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { code: options.code ?? "BAD_INPUT", exitCode: 2, ...options });
  }
}

/** The input was fine but the work failed (database unreachable, prisma failed, check failed): exit 1. */
export class CommandFailure extends BackantError {
  constructor(message: string, options: { code?: string; hint?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { code: options.code ?? "FAILED", exitCode: 1, ...options });
  }
}

export type InterruptSignal = "SIGINT" | "SIGTERM";

/** The exit code of a process ended by the signal, as a shell reports it: 128 + the signal's number. */
export const INTERRUPT_EXIT_CODES: Readonly<Record<InterruptSignal, ExitCode>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Ctrl-C (SIGINT), SIGTERM, or a cancelled prompt: the command stopped and undid what it had
 * started. Exit 130 (SIGINT, and a prompt cancelled with Ctrl-C) or 143 (SIGTERM).
 */
export class Interrupted extends BackantError {
  readonly signal: InterruptSignal;

  constructor(message: string, options: { signal?: InterruptSignal; hint?: string; details?: Record<string, unknown> } = {}) {
    const signal = options.signal ?? "SIGINT";
    super(message, { code: "INTERRUPTED", exitCode: INTERRUPT_EXIT_CODES[signal], ...(options.hint === undefined ? {} : { hint: options.hint }), ...(options.details === undefined ? {} : { details: options.details }) });
    this.signal = signal;
  }
}

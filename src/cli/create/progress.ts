import pc from "picocolors";
import type { CommandContext } from "../command.js";
import type { Progress } from "../../scaffold/staging.js";

export interface ProgressOptions {
  verbose: boolean;
  /** The terminal's stderr, when it is one (undefined: plain lines). */
  terminal: NodeJS.WriteStream | undefined;
  /** Inside create-backant's prompt frame: each step is drawn as one more element of it (│ above). */
  inFrame: boolean;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * How the steps of a create (packing backant, npm install, prisma generate) are shown: a spinner
 * line in a terminal whose text follows what npm is doing; plain lines otherwise (one line per
 * stage, and per install script, not one per package); every output line with --verbose; nothing
 * under --report.
 * Not clack's spinner: it puts the terminal in raw mode and answers Ctrl-C with process.exit(0),
 * which skipped the clean-up (npm kept installing into a removed folder) and reported success.
 * Here Ctrl-C stays a SIGINT, which the staging step turns into a clean stop and exit 130.
 */
export function progressReporter(context: CommandContext, options: ProgressOptions): Progress {
  if (context.report) return { start() {}, status() {}, succeed() {}, fail() {}, output() {} };
  if (options.verbose || options.terminal === undefined) return plainProgress(context.log, options.verbose);
  return spinnerProgress(options.terminal, !context.env.NO_COLOR, options.inFrame);
}

function plainProgress(log: (line: string) => void, verbose: boolean): Progress {
  let stage = "";
  return {
    start: (title) => {
      stage = "";
      log(`${title}...`);
    },
    status: (status) => {
      // --verbose prints npm's own lines already; otherwise one line a stage, not one a package.
      if (verbose || status.stage === stage) return;
      stage = status.stage;
      log(`  ${status.stage}`);
    },
    succeed: (title, ms) => log(`${title}: done in ${seconds(ms)}`),
    fail: (title) => log(`${title}: failed`),
    output: (line) => log(`  ${line}`),
  };
}

function spinnerProgress(terminal: NodeJS.WriteStream, color: boolean, inFrame: boolean): Progress {
  const colors = pc.createColors(color);
  const frames = ["\u25D2", "\u25D0", "\u25D3", "\u25D1"];
  // One line, cut to the terminal's width: a wrapped line would not be overwritten by \r.
  const write = (text: string) => terminal.write(`\r\u001b[2K${text.length > width() ? `${text.slice(0, width() - 1)}\u2026` : text}`);
  const width = () => Math.max(20, (terminal.columns || 80) - 1);
  let timer: NodeJS.Timeout | undefined;
  let line = "";
  let frame = 0;
  const draw = () => write(`${colors.magenta(frames[frame % frames.length] as string)}  ${line}`);
  const stop = (text: string) => {
    clearInterval(timer);
    timer = undefined;
    write(`${text}\n`);
  };
  return {
    start: (title) => {
      if (inFrame) terminal.write(`${colors.gray("\u2502")}\n`);
      frame = 0;
      line = title;
      draw();
      timer = setInterval(() => {
        frame++;
        draw();
      }, 120);
      timer.unref();
    },
    status: (status) => {
      line = `${line.split(" \u00b7 ")[0]} \u00b7 ${status.text}`;
      draw();
    },
    succeed: (title, ms) => stop(`${colors.green("\u25C7")}  ${title} (${seconds(ms)})`),
    fail: (title) => stop(`${colors.red("\u25A0")}  ${title}: failed`),
    output: () => {},
  };
}

/**
 * A yes/no question for the user, or undefined when nobody can answer (no terminal, --report):
 * callers then fall back to their safe non-interactive default (refuse unless a flag says yes).
 */
export type Confirm = (question: string) => Promise<boolean>;

export function terminalConfirm(report: boolean): Confirm | undefined {
  if (report || process.stdin.isTTY !== true || process.stdout.isTTY !== true) return undefined;
  return async (message) => {
    const { confirm, isCancel } = await import("@clack/prompts");
    const { Interrupted } = await import("../errors.js");
    const answer = await confirm({ message, initialValue: false });
    // Ctrl-C at the question ends the command (exit 130); "no" is an answer.
    if (isCancel(answer)) throw new Interrupted("Interrupted at the question; nothing more was changed.");
    return answer === true;
  };
}

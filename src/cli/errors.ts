// Errors the `viban` command reports as one readable line. The exit code is part of the contract
// scripts rely on: 1 for a failure, 2 for bad usage (the usage is printed too), 130 for a stop.

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_STOPPED = 130;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILED,
    /** Lines printed after the error line: what happened to the user's data, what to do next. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Bad arguments: the message, then the command's usage, exit 2. */
export class UsageError extends CliError {
  constructor(
    message: string,
    /** The command whose usage to print; undefined for the general usage. */
    readonly command?: string,
  ) {
    super(message, EXIT_USAGE);
  }
}

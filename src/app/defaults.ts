// The defaults both composition roots share: the VS Code extension (package.json settings) and the
// `viban` command (.viban/settings.json). Kept in one place so a run started from the terminal
// moves its card exactly as a run started from the board does; a test compares these values
// with package.json's `contributes.configuration` so the two cannot drift.

/** Which column a card moves to as its run starts, succeeds, and as its work is accepted. */
export interface ColumnFlow {
  runStarted: string;
  runSucceeded: string;
  accepted: string;
}

export const DEFAULT_COLUMN_FLOW: Readonly<ColumnFlow> = Object.freeze({
  runStarted: 'in-progress',
  runSucceeded: 'in-review',
  accepted: 'done',
});

/** How many jobs the durable queue runs at once, and attempts for transient failures. */
export const DEFAULT_QUEUE_LIMITS = Object.freeze({ concurrency: 2, maxAttempts: 3 });

/**
 * A column flow with every step named: what the user set, the default for the rest. An empty
 * string is kept — it means "do not move the card at that step".
 */
export function resolveColumnFlow(partial: Partial<ColumnFlow> | undefined): ColumnFlow {
  return {
    runStarted: partial?.runStarted ?? DEFAULT_COLUMN_FLOW.runStarted,
    runSucceeded: partial?.runSucceeded ?? DEFAULT_COLUMN_FLOW.runSucceeded,
    accepted: partial?.accepted ?? DEFAULT_COLUMN_FLOW.accepted,
  };
}

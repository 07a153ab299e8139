// One line for the "Viban" log channel: the component that wrote it, the message, and the error,
// all passed through the redactor — a key quoted in an error from a provider never reaches the log.
import type { Redactor } from '../secrets/redactor';

export function formatLogLine(redactor: Redactor | undefined, component: string, message: string, err?: unknown): string {
  const detail = err === undefined ? '' : `: ${err instanceof Error ? err.message : String(err)}`;
  const line = `[${component}] ${message}${detail}`;
  return redactor ? redactor.redact(line) : line;
}

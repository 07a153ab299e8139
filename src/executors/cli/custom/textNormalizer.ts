// Output format 'text': every stdout line is assistant text. The whole run is one assistant entry
// (each line a delta appended to it), and the process end produces the result, since plain text
// has no summary line. The exit code decides success in the executor, not this normalizer.
import { randomUUID } from 'node:crypto';
import type { LogEntry } from '../../../protocol/logEntries';
import type { NormalizedResult, OutputNormalizer } from '../../types';

export class PlainTextNormalizer implements OutputNormalizer {
  readonly agentSessionId = undefined;
  result: NormalizedResult | undefined;
  private readonly id: string;
  private readonly now: () => string;
  private text = '';
  private lines = 0;
  private readonly startedAt = Date.now();

  constructor(options: { now?: () => string; idPrefix?: string } = {}) {
    this.now = options.now ?? (() => new Date().toISOString());
    this.id = `${options.idPrefix ?? randomUUID().slice(0, 8)}:text`;
  }

  push(line: string): LogEntry[] {
    const piece = this.lines++ === 0 ? line : `\n${line}`;
    this.text += piece;
    return [{ kind: 'assistant', id: this.id, ts: this.now(), text: piece, delta: true }];
  }

  end(): LogEntry[] {
    this.result = { isError: false, text: this.text, durationMs: Date.now() - this.startedAt };
    return [{ kind: 'result', id: `${this.id}:result`, ts: this.now(), ...this.result }];
  }
}

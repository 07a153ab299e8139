// The real terminal prompt. A readline interface exists only while a question is on screen, so
// between questions the terminal is back in cooked mode and Ctrl+C is an ordinary SIGINT.
import { createInterface } from 'node:readline';
import type { LineReader } from './terminalDecider';

export function ttyLineReader(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  onInterrupt: () => void,
): LineReader & { close(): void } {
  let current: ReturnType<typeof createInterface> | undefined;
  return {
    question: (prompt) =>
      new Promise((resolve) => {
        const rl = createInterface({ input, output, terminal: true });
        current = rl;
        let settled = false;
        const done = (answer: string | undefined) => {
          if (settled) return;
          settled = true;
          current = undefined;
          rl.close();
          resolve(answer);
        };
        // In raw mode Ctrl+C reaches readline, not the process: treat it like the signal.
        rl.on('SIGINT', () => {
          output.write('\n');
          done(undefined);
          onInterrupt();
        });
        rl.on('close', () => done(undefined));
        rl.question(prompt, (answer) => done(answer));
      }),
    close: () => current?.close(),
  };
}

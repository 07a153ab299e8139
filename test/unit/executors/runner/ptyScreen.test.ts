// The headless screen behind "Open in Terminal" recordings: rows are recorded once they leave the
// screen, exactly once and in order, even after the scrollback has started dropping old rows.
import { strict as assert } from 'node:assert';
import { ScreenRecorder } from '../../../../src/executors/ptyScreen';

describe('ScreenRecorder', () => {
  it('records rows as they scroll away and the rest of the screen at the end, past a full scrollback', async () => {
    const rows: string[] = [];
    const screen = new ScreenRecorder(30, 5, (r) => rows.push(r), 8);
    for (let n = 1; n <= 40; n++) screen.write(`line ${n}\r\n`);
    screen.write('\x1b[31mlast\x1b[0m');
    await new Promise((r) => setTimeout(r, 50));
    // 36 rows left the screen; the newest waits until the row after it shows it was not wrapped.
    assert.equal(rows.length, 35, 'rows that left the screen are recorded without waiting for the end');
    await screen.finish();
    assert.deepEqual(rows, [...Array.from({ length: 40 }, (_, i) => `line ${i + 1}`), 'last']);
  });

  it('keeps only what is left after redraws and erases; blank rows are not recorded', async () => {
    const rows: string[] = [];
    const screen = new ScreenRecorder(30, 6, (r) => rows.push(r));
    screen.write('draft one\r\x1b[2Kfinal\r\n\r\n\x1b[2C indented\x1b[1A\x1b[10Gup');
    await screen.finish();
    assert.deepEqual(rows, ['final', '         up', '   indented']);
  });

  it('joins rows the terminal wrapped back into the line that was printed', async () => {
    const rows: string[] = [];
    const screen = new ScreenRecorder(10, 4, (r) => rows.push(r));
    const key = 'sk-ant-api03-' + 'x'.repeat(24);
    screen.write(`key ${key} end\r\nnext\r\n`);
    await screen.finish();
    assert.deepEqual(rows, [`key ${key} end`, 'next']);
    // Output that arrives after the end (a late pty chunk) and a late resize change nothing.
    screen.write('late\r\n');
    screen.resize(20, 5);
    await screen.finish();
    assert.deepEqual(rows, [`key ${key} end`, 'next']);
  });

  it('records a full-screen (alternate screen) TUI as it settles, each row once, and what it showed before leaving', async () => {
    const rows: string[] = [];
    const screen = new ScreenRecorder(30, 6, (r) => rows.push(r));
    const frame = (lines: string[]) => '\x1b[H\x1b[2J' + lines.join('\r\n');
    screen.write('\x1b[?1049h' + frame(['> question', 'thinking |']));
    screen.write(frame(['> question', 'thinking /']));
    await new Promise((r) => setTimeout(r, 900)); // settled: recorded
    screen.write(frame(['> question', 'The answer.', '> ']));
    screen.write('\x1b[?1049l' + 'Resume with: agent --resume 42\r\n');
    await screen.finish();
    assert.deepEqual(rows, ['> question', 'thinking /', 'The answer.', '>', 'Resume with: agent --resume 42']);
  });

  it('records a full-screen TUI\'s screen when the person starts typing, before their keys redraw it', async () => {
    const rows: string[] = [];
    const screen = new ScreenRecorder(30, 6, (r) => rows.push(r));
    const frame = (lines: string[]) => '\x1b[H\x1b[2J' + lines.join('\r\n');
    screen.write('\x1b[?1049h' + frame(['The answer, line one,', 'and line two.', '> ']));
    await new Promise((r) => setTimeout(r, 30)); // drawn, but far from settled
    screen.beforeInput(); // a key arrives
    screen.write(frame(['/exit   Exit the CLI', '> /exit']));
    screen.write('\x1b[?1049l');
    await screen.finish();
    assert.deepEqual(rows, ['The answer, line one,', 'and line two.', '>', '/exit   Exit the CLI', '> /exit']);
  });
});

// What the `viban` command says when .viban/board.json cannot be used. A script must never be
// handed an empty board as if it were the real one, so the command does nothing and says why,
// where the file's bytes are now and the commands that bring them back.
import { BrokenBoardError } from '../store/brokenBoard';
import { CliError } from './errors';

export function brokenBoardCliError(err: BrokenBoardError): CliError {
  const { file, reason, movedTo } = err;
  switch (err.kind) {
    case 'conflicted':
      return new CliError(
        `${file} has git merge conflict markers: resolve them (git checkout --ours ${shellQuote(file)} ` +
          `or --theirs ${shellQuote(file)}, or edit the file) and run the command again. Nothing was done.`,
        undefined,
        ['The file was left in place, so git still sees the conflict.'],
      );
    case 'unreadable':
      return new CliError(`${file} cannot be read: ${reason}. Nothing was done.`, undefined, [
        reason.includes('directory')
          ? 'Move it away (or remove it if it holds nothing you need), then run the command again.'
          : 'Check that it is a file you can read, then run the command again.',
      ]);
    case 'corrupt':
      if (!movedTo) {
        return new CliError(`${file} is not a usable board: ${reason}. It was left in place; nothing was done.`, undefined, [
          'Fix or remove it, then run the command again.',
        ]);
      }
      return new CliError(`${file} is not a usable board: ${reason}. Nothing was done.`, undefined, [
        `It was moved to ${movedTo}, so nothing is lost.`,
        `To restore it: fix that copy, then run  mv ${shellQuote(movedTo)} ${shellQuote(file)}  and the command again.`,
        'To start a new empty board instead, run the command again.',
      ]);
  }
}

/** A path as one POSIX shell word, ready to paste. */
function shellQuote(p: string): string {
  return `'${p.replace(/'/g, `'\\''`)}'`;
}

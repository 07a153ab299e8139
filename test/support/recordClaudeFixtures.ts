// Re-records test/fixtures/claude/*.jsonl: the real `claude` CLI's raw stdout against the
// scripted server. Run: npx tsx test/support/recordClaudeFixtures.ts
// The normalizer tests replay these files, so a CLI upgrade that changes its output shows up as
// a fixture diff plus failing assertions, not as a silent parser drift.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliExecutor } from '../../src/executors/cliExecutor';
import { claudeCodeAdapter } from '../../src/executors/cli/claude';
import type { CliAgentAdapter, LiveInput, RunRequest } from '../../src/executors/types';
import { text, thinking, toolUse, type ScriptedTurn } from './scriptedAnthropicServer';
import { CLAUDE_BIN, claudeWorld, recordingSink } from './claudeHarness';

const FIXTURES = resolve(__dirname, '../fixtures/claude');

/** The Claude adapter, with every stdout line also copied to `lines`. */
function teeAdapter(lines: string[]): CliAgentAdapter {
  return {
    ...claudeCodeAdapter,
    createNormalizer() {
      const inner = claudeCodeAdapter.createNormalizer();
      return Object.assign(Object.create(Object.getPrototypeOf(inner)), inner, {
        push(line: string) {
          lines.push(line);
          return inner.push.call(this, line);
        },
      });
    },
  };
}

async function record(
  name: string,
  turns: (repo: string) => ScriptedTurn[],
  request: (repo: string, env: Record<string, string>) => RunRequest,
  opts: { deny?: string; followUp?: string; stopAfterMs?: number } = {},
) {
  const w = await claudeWorld();
  w.server.push(...turns(w.repo));
  writeFileSync(join(w.repo, 'notes.md'), '# Notes\n\n- first\n');
  const lines: string[] = [];
  const sink = recordingSink((req) =>
    opts.deny && JSON.stringify(req.input).includes(opts.deny) ? { behavior: 'deny', message: 'Not that one, please' } : { behavior: 'allow' },
  );
  const ac = new AbortController();
  let live: LiveInput | undefined;
  const run = new CliExecutor(teeAdapter(lines), { configuredPath: CLAUDE_BIN }).run(request(w.repo, w.env), sink, ac.signal, (l) => (live = l));
  if (opts.followUp) {
    while (!sink.entries.some((e) => e.kind === 'assistant')) await new Promise((r) => setTimeout(r, 10));
    live!.send(opts.followUp);
  }
  if (opts.stopAfterMs) setTimeout(() => ac.abort(), opts.stopAfterMs);
  const outcome = await run;
  // Temp paths differ per run; make the fixture stable and readable.
  const stable = lines.map((l) => l.split(w.repo).join('/tmp/viban-fixture-repo').split(w.home).join('/tmp/viban-fixture-home'));
  writeFileSync(join(FIXTURES, `${name}.jsonl`), stable.join('\n') + '\n');
  console.log(name, outcome.status, lines.length, 'lines');
  await w.dispose();
}

async function main() {
  const repoFile = (repo: string) => join(repo, 'notes.md');
  await record(
    'tools-and-approvals',
    (repo) => [
      { blocks: [thinking('The user wants a new bullet. Read the notes first.'), text('Let me read the notes.'), toolUse('Read', { file_path: repoFile(repo) })] },
      { blocks: [toolUse('Edit', { file_path: repoFile(repo), old_string: '- first\n', new_string: '- first\n- second\n' })] },
      { blocks: [toolUse('Write', { file_path: join(repo, 'secret.env'), content: 'TOKEN=1\n' })] },
      { blocks: [toolUse('Bash', { command: 'git add notes.md && git status --short', description: 'Stage the notes' })] },
      { blocks: [text('Added the second bullet and staged it. I did not create secret.env.')], usage: { input_tokens: 420, output_tokens: 35, cache_read_input_tokens: 100 } },
    ],
    (repo, env) => ({ prompt: `Add a bullet to ${repoFile(repo)}`, cwd: repo, env, permissionMode: 'ask' }),
    { deny: 'secret.env' },
  );
  await record('follow-up', () => [{ blocks: [text('Thinking about your first question, slowly.')], eventDelayMs: 100 }, { blocks: [text('Answering the follow-up too.')] }], (repo, env) => ({ prompt: 'first question', cwd: repo, env }), { followUp: 'and a follow-up' });
  await record('interrupted', () => [{ blocks: [text('word '.repeat(100))], eventDelayMs: 60 }], (repo, env) => ({ prompt: 'write an essay', cwd: repo, env }), { stopAfterMs: 1500 });
  await record('not-logged-in', () => [], (repo, env) => ({ prompt: 'hello', cwd: repo, env: { HOME: env.HOME, ANTHROPIC_API_KEY: '', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' } }));
}

void main();

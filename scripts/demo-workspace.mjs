// A small sample project with a Viban board, for `npm start` and for trying the extension by hand.
//
// CLI: node scripts/demo-workspace.mjs [folder] [--reset]
//   folder defaults to $VIBAN_CACHE_DIR/demo-workspace (~/.cache/viban/demo-workspace).
//   An existing .viban/board.json is kept (it is the user's board) unless --reset is given.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function defaultDemoFolder() {
  const cache = process.env.VIBAN_CACHE_DIR || path.join(os.homedir(), '.cache', 'viban');
  return path.join(cache, 'demo-workspace');
}

export const DEMO_COLUMNS = [
  { id: 'backlog', title: 'Backlog' },
  { id: 'todo', title: 'Todo' },
  { id: 'in-progress', title: 'In Progress' },
  { id: 'in-review', title: 'In Review' },
  { id: 'done', title: 'Done' },
];

const SAMPLE_TASKS = [
  ['backlog', 'Add a --json flag to the CLI', 'Print the word counts as JSON (`{"word": count}`) when `--json` is passed, so other tools can consume the output.'],
  ['backlog', 'Support reading from stdin', 'When no file argument is given, read the text from standard input.'],
  ['todo', 'Fix the flaky date test', '`test/format.test.js` fails around midnight UTC because it builds the expected date with the local time zone.'],
  ['todo', 'Ignore case when counting words', '"The" and "the" should count as the same word. Add a test.'],
  // No card starts In Progress or In Review: no agent has worked on any yet, and a card there would
  // say so. The board's column flow moves them along as the demo agent runs.
  ['todo', 'Write a README usage section', 'Document the command line options with one example each.'],
  ['backlog', 'Sort the output by count, then alphabetically', 'Ties are currently printed in insertion order, which makes the output unstable.'],
  ['done', 'Set up the project', 'package.json, a first test, and the `wc-top` entry point.'],
];

/** The task graph (#12): stdin support waits for the JSON flag; the small case fix runs on tier A. */
const DEMO_GRAPH = { 'demo-2': { blockedBy: ['demo-1'] }, 'demo-4': { tier: 'A' } };

/** A board in the store's format (src/protocol/model.ts): schemaVersion 1, default columns, idle tasks. */
export function sampleBoard(now = new Date()) {
  const perColumn = new Map();
  const tasks = SAMPLE_TASKS.map(([columnId, title, description], i) => {
    const n = (perColumn.get(columnId) ?? 0) + 1;
    perColumn.set(columnId, n);
    const at = new Date(now.getTime() - (SAMPLE_TASKS.length - i) * 3_600_000).toISOString();
    const id = `demo-${i + 1}`;
    return { id, columnId, order: n * 1000, title, description, createdAt: at, updatedAt: at, agentStatus: 'idle', ...DEMO_GRAPH[id] };
  });
  return { schemaVersion: 1, columns: DEMO_COLUMNS, tasks };
}

const FILES = {
  'README.md': `# wc-top

Prints the most frequent words of a text file.

\`\`\`sh
node src/cli.js notes.txt --top 5
\`\`\`

This folder is Viban's demo workspace: open the Viban view in the activity bar to see its board
(stored in \`.viban/board.json\`).
`,
  'package.json': JSON.stringify(
    { name: 'wc-top', version: '0.1.0', private: true, type: 'module', bin: { 'wc-top': 'src/cli.js' }, scripts: { test: 'node --test test/' } },
    null,
    2,
  ) + '\n',
  'src/count.js': `// Counts words in a text and returns the most frequent ones.
export function countWords(text) {
  const counts = new Map();
  for (const word of text.split(/[^\\p{L}\\p{N}']+/u)) {
    if (!word) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

export function top(counts, n) {
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}
`,
  'src/cli.js': `#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { countWords, top } from './count.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const n = Number(args[args.indexOf('--top') + 1]) || 10;
if (!file) {
  console.error('usage: wc-top <file> [--top N]');
  process.exit(2);
}
for (const [word, count] of top(countWords(readFileSync(file, 'utf8')), n)) {
  console.log(\`\${count}\\t\${word}\`);
}
`,
  'src/format.js': `export function stamp(date = new Date()) {
  return date.toISOString().slice(0, 10);
}
`,
  'test/count.test.js': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countWords, top } from '../src/count.js';

test('counts repeated words', () => {
  assert.deepEqual(top(countWords('a b a c a b'), 2), [['a', 3], ['b', 2]]);
});
`,
  '.gitignore': 'node_modules/\n',
};

function git(cwd, ...args) {
  const res = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Viban Demo', GIT_AUTHOR_EMAIL: 'demo@viban.invalid', GIT_COMMITTER_NAME: 'Viban Demo', GIT_COMMITTER_EMAIL: 'demo@viban.invalid' },
  });
  if (res.error?.code === 'ENOENT') throw new Error('git not found: apt-get install -y git');
  if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${res.stderr}`);
  return res.stdout;
}

/** Workspace settings that add the Demo agent; the README says how to switch to a real agent. */
export function demoSettings() {
  return {
    // The board opens by itself the first time this workspace opens (once: see extension.ts).
    'viban.showBoardOnFirstOpen': true,
    'viban.defaultExecutor': 'demo-agent',
    // Runs go to a background `viban worker` the extension starts (the default, said out loud):
    // reload or close the window mid-run and the run goes on; the Workers item in the status bar
    // lists it. An idle worker leaves after 10 minutes with nothing queued.
    'viban.worker.mode': 'background',
    'viban.worker.idleExitMinutes': 10,
    'viban.executors.custom': [
      {
        id: 'demo-agent',
        label: 'Demo agent (offline replay)',
        // The node that runs this script; in desktop VS Code the same path works as plain Node.
        command: process.execPath,
        args: [path.join(repoDir, 'demo', 'demo-agent.mjs'), '{prompt}', '{workspace}'],
        env: { ELECTRON_RUN_AS_NODE: '1' },
        outputFormat: 'claude-stream-json',
      },
    ],
  };
}

/** .viban/settings.json for the command line: the Demo agent runs tasks and is Assist's code advisor. */
export function demoCliSettings() {
  const [agent] = demoSettings()['viban.executors.custom'];
  // The background worker (or `viban worker` in a terminal) runs two demo cards at once.
  return { executors: { default: 'demo-agent', custom: [agent] }, assist: { executor: 'demo-agent' }, workers: { concurrency: 2 } };
}

/** Sample .viban/memory.json (schema in src/memory/memorySchema.ts). */
export function sampleMemory(now = new Date()) {
  const at = now.toISOString();
  const due = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  const item = (id, category, key, value, confidence, extra = {}) => ({ id, category, key, value, confidence, createdAt: at, updatedAt: at, ...extra });
  return {
    schemaVersion: 1,
    items: [
      item('mem_demo000001', 'decision', 'no-dependencies', 'wc-top uses only the Node.js standard library: no runtime dependencies.', 1),
      item('mem_demo000002', 'preference', 'tests', 'Tests use node:test, one test file per module in test/.', 1),
      item('mem_demo000003', 'open', 'json-output', 'Should --json keep ties in input order or sort them alphabetically?', 0.8, { due }),
    ],
  };
}

/** Demo stage automation (#13): Todo plans (PLAN.md, gated on its sections) and advances; In Progress
 * writes NOTES-IMPL.md but its gate wants a "Tests" section the demo agent never writes — a failing
 * gate to look at. Both with the offline Demo agent. */
const DEMO_SKILLS = {
  'demo-plan': '# Plan the change\n\nWrites PLAN.md for the card.\n\n## Outputs\n- PLAN.md\n\n## Tags\ndemo\n\nPlan "{{task.title}}" and write PLAN.md with Goal, Steps and Risks.\n',
  'demo-implement': '# Implement\n\nWrites NOTES-IMPL.md about the change.\n\n## Outputs\n- NOTES-IMPL.md\n\n## Tags\ndemo\n\nImplement "{{task.title}}" and describe it in NOTES-IMPL.md, with a Tests section.\n',
};

export function demoRecipes() {
  const step = (skill) => ({ skill, params: {}, inputs: {}, outputs: [], timeoutMinutes: 5, retryCount: 0 });
  return {
    schemaVersion: 1,
    recipes: {
      todo: {
        enabled: true, automationLevel: 'fully_auto', executor: 'demo-agent', steps: [step('demo-plan')], onFail: 'stay',
        gates: [
          { id: 'plan', name: 'PLAN.md written', type: 'file_exists', config: { pattern: 'PLAN.md' }, required: true, failureMessage: 'The plan is missing.' },
          { id: 'plan-sections', name: 'Plan has Goal and Steps', type: 'content_check', config: { file: 'PLAN.md', requiredSections: ['Goal', 'Steps'] }, required: true, failureMessage: 'The plan must say its goal and steps.' },
        ],
      },
      'in-progress': {
        enabled: true, automationLevel: 'fully_auto', executor: 'demo-agent', steps: [step('demo-implement')], onFail: 'create_questions',
        gates: [{ id: 'tests-section', name: 'Notes cover the tests', type: 'content_check', config: { file: 'NOTES-IMPL.md', requiredSections: ['Tests'] }, required: true, failureMessage: 'Say how the change is tested.' }],
      },
    },
  };
}

/** The same content hash as src/automation/skillHash.ts (one file: SKILL.md), so the demo skills arrive vetted. */
function skillHash(text) {
  const bytes = Buffer.from(text);
  return `sha256:${createHash('sha256').update('SKILL.md').update('\0').update(String(bytes.length)).update('\0').update(bytes).digest('hex')}`;
}

async function writeDemoAutomation(folder) {
  const dir = path.join(folder, '.viban');
  if (existsSync(path.join(dir, 'recipes.json'))) return;
  const skills = [];
  for (const [id, text] of Object.entries(DEMO_SKILLS)) {
    await mkdir(path.join(dir, 'skills', id), { recursive: true });
    await writeFile(path.join(dir, 'skills', id, 'SKILL.md'), text);
    const hash = skillHash(text);
    const outputs = [/## Outputs\n- (\S+)/.exec(text)[1]];
    skills.push({ id, name: /^# (.+)$/m.exec(text)[1], description: text.split('\n')[2], version: '0.0.0', source: 'local', contentHash: hash, vettedHash: hash, tags: ['demo'], inputs: [], outputs, trust: 'vetted', path: `.viban/skills/${id}` });
  }
  await writeFile(path.join(dir, 'skills.json'), JSON.stringify({ schemaVersion: 1, skills }, null, 2) + '\n');
  await writeFile(path.join(dir, 'recipes.json'), JSON.stringify(demoRecipes(), null, 2) + '\n');
}

/**
 * Creates (or completes) the demo workspace. Sample files are written only where missing;
 * the board only when missing or with `reset`. Returns the folder.
 */
/**
 * Some history for the briefing (#14, `viban brief`, Viban: Brief Me): two runs that ended while
 * "you" were away — one finished with a cost, one failed — an open question already due, and a
 * last-seen time 10 hours ago for this user on this machine, so the window opens with a briefing.
 */
export async function writeDemoHistory(folder, now = new Date()) {
  const dir = path.join(folder, '.viban');
  const ago = (h) => new Date(now.getTime() - h * 3_600_000).toISOString();
  const session = (id, taskId, status, prompt, startedH, endedH, extra) => ({
    schemaVersion: 1, id, taskId, executorId: 'demo-agent', executorLabel: 'Demo agent', status, prompt, cwd: folder, permissionMode: 'auto-edit',
    createdAt: ago(startedH), startedAt: ago(startedH), endedAt: ago(endedH), entryCount: 0, ...extra,
  });
  await mkdir(path.join(dir, 'sessions'), { recursive: true });
  const sessions = [
    session('s_demohist01', 'demo-1', 'succeeded', 'Add a --json flag to the CLI', 3.2, 3, { costUsd: 0.42, durationMs: 720_000, numTurns: 6 }),
    session('s_demohist02', 'demo-3', 'failed', 'Fix the flaky date test', 2.1, 2, { costUsd: 0.18, error: 'Demo agent exited with code 1: node --test failed (2 of 9 tests)' }),
  ];
  for (const meta of sessions) {
    const file = path.join(dir, 'sessions', `${meta.id}.json`);
    if (existsSync(file)) continue;
    await writeFile(file, JSON.stringify(meta, null, 2) + '\n');
    await writeFile(path.join(dir, 'sessions', `${meta.id}.jsonl`), '');
  }
  const memoryFile = path.join(dir, 'memory.json');
  const memory = JSON.parse(await readFile(memoryFile, 'utf8'));
  if (!memory.items.some((i) => i.id === 'mem_demo000004')) {
    memory.items.push({ id: 'mem_demo000004', category: 'open', key: 'retry-policy', value: 'Revisit the retry policy for flaky reads this week.', confidence: 0.9, createdAt: ago(72), updatedAt: ago(72), due: ago(1) });
    await writeFile(memoryFile, JSON.stringify(memory, null, 2) + '\n');
  }
  const seenFile = path.join(dir, 'seen.json');
  if (!existsSync(seenFile)) {
    let user = 'user';
    try { user = os.userInfo().username || user; } catch { /* no passwd entry */ }
    await writeFile(seenFile, JSON.stringify({ schemaVersion: 1, seen: { [`${user}@${os.hostname()}`]: ago(10) } }, null, 2) + '\n');
  }
}

export async function createDemoWorkspace(folder = defaultDemoFolder(), { reset = false, board = sampleBoard(), commit = true, automation = false, history = false, background = true } = {}) {
  folder = path.resolve(folder);
  if (reset) await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(FILES)) {
    const file = path.join(folder, name);
    if (existsSync(file)) continue;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const boardFile = path.join(folder, '.viban', 'board.json');
  if (!existsSync(boardFile)) {
    await mkdir(path.dirname(boardFile), { recursive: true });
    await writeFile(boardFile, JSON.stringify(board, null, 2) + '\n');
  }
  // What the project remembers (`viban memory`, the MCP server's list_memory): a few sample items.
  const memoryFile = path.join(folder, '.viban', 'memory.json');
  if (!existsSync(memoryFile)) await writeFile(memoryFile, JSON.stringify(sampleMemory(), null, 2) + '\n');
  // The Demo agent (demo/demo-agent.mjs) as a custom executor, preselected: the whole flow works
  // offline with no agent installed. Rewritten every time, because it names this checkout's path.
  // Stage automation only where asked (npm start): other tests drag cards into Todo and expect them to stay.
  if (automation) await writeDemoAutomation(folder);
  // History for the briefing only where asked (npm start): other tests expect a board with no runs.
  if (history) await writeDemoHistory(folder);
  const settingsFile = path.join(folder, '.vscode', 'settings.json');
  await mkdir(path.dirname(settingsFile), { recursive: true });
  // `background: false` leaves where runs live to the user's settings (the e2e harness: window
  // mode unless a test asks for workers), instead of the demo's background worker.
  const settings = demoSettings();
  if (!background) for (const key of Object.keys(settings)) if (key.startsWith('viban.worker.')) delete settings[key];
  await writeFile(settingsFile, JSON.stringify(settings, null, 2) + '\n');
  // The same Demo agent for the command line (`viban assist "…"`, `viban run`), and as Assist's code advisor.
  await writeFile(path.join(folder, '.viban', 'settings.json'), JSON.stringify(demoCliSettings(), null, 2) + '\n');
  if (commit && !existsSync(path.join(folder, '.git'))) {
    git(folder, 'init', '-q', '-b', 'main');
    await keepSettingsLocal(folder);
    git(folder, 'add', '-A');
    git(folder, 'commit', '-q', '-m', 'Initial commit of the wc-top demo project');
  } else if (existsSync(path.join(folder, '.git'))) {
    await keepSettingsLocal(folder);
  }
  return folder;
}

const LOCAL_SETTINGS = '/.vscode/settings.json';
/** The command line's settings (`viban assist`, `viban run` in the demo): they name this checkout's path too. */
const LOCAL_CLI_SETTINGS = '/.viban/settings.json';

/**
 * The settings name this checkout's path, and every checkout that starts the demo rewrites them:
 * committed, they would show as a change in Source Control ("main*", a badge of 1) before the
 * user did anything. They stay out of git through the demo repository's own info/exclude (never
 * committed, never shown); a demo made by an older version that committed them stops tracking them.
 */
async function keepSettingsLocal(folder) {
  const exclude = path.join(folder, '.git', 'info', 'exclude');
  const current = await readFile(exclude, 'utf8').catch((err) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  if (!current.split('\n').includes(LOCAL_SETTINGS)) {
    await mkdir(path.dirname(exclude), { recursive: true });
    await appendFile(exclude, `${current && !current.endsWith('\n') ? '\n' : ''}# Viban demo: machine-specific (names this checkout's path)\n${LOCAL_SETTINGS}\n`);
  }
  const now = await readFile(exclude, 'utf8');
  if (!now.split('\n').includes(LOCAL_CLI_SETTINGS)) await appendFile(exclude, `${now.endsWith('\n') ? '' : '\n'}${LOCAL_CLI_SETTINGS}\n`);
  if (git(folder, 'ls-files', '--', '.vscode/settings.json').trim()) {
    git(folder, 'rm', '-q', '--cached', '--', '.vscode/settings.json');
    git(folder, 'commit', '-q', '-m', 'Stop tracking the demo\'s machine-specific .vscode/settings.json');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  createDemoWorkspace(folder ?? defaultDemoFolder(), { reset: args.includes('--reset'), automation: true, history: true })
    .then((dir) => console.log(dir))
    .catch((err) => {
      console.error(`error: ${err.message}`);
      process.exit(1);
    });
}

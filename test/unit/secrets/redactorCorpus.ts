// What the redactor is tested against: real-looking text that must pass untouched (folder names,
// branches, titles, prose, ids) and real-shaped keys that must all be masked. Generated from a
// seeded generator, so every run checks the same few thousand strings.
import { slugify } from '../../../src/git/naming';

/** mulberry32: a small seeded PRNG, so the corpus (and any failure) is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = ALNUM + '-_';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const LOWER_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function from(rand: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** Words that end in "sk" (the old pattern matched "sk-" inside them) and ordinary ones. */
const SK_WORDS = ['flask', 'task', 'ask', 'desk', 'risk', 'whisk', 'disk', 'kiosk', 'husk', 'dusk', 'mask', 'tusk', 'brisk', 'frisk', 'obelisk', 'asterisk', 'bask', 'cask', 'rusk', 'Flask', 'Task', 'TASK', 'Ask'];
const TAILS = [
  'todo-app-with-sqlalchemy-X',
  'runner',
  'the-user-before-deleting-files',
  'management-system-v2',
  'api-server-and-worker-pool',
  'booking-service-for-the-office',
  'assessment-report-generator-2024',
  'manager-with-postgres-and-redis',
  'queue-consumer-for-background-jobs',
  'images-for-the-storefront-v3',
  'based-authentication-middleware',
  'scheduler-with-cron-expressions',
  'cleanup-tool_for_old_snapshots',
  'free-design-system-components',
  'force-monorepo-template-2025',
  'tracker-frontend-react-typescript',
  'me-anything-bot',
  'usage-analyzer-and-quota-alerts',
  'and-answer-threads-exporter',
  'k8s-operator-helm-charts-0-12-3',
];

export function folderNames(): string[] {
  const names: string[] = [];
  for (const w of SK_WORDS) for (const t of TAILS) names.push(`${w}-${t}`);
  return names;
}

const TITLES = [
  'Ask the user before deleting files',
  'Add a task-runner for nightly jobs',
  'Fix the desk-booking timezone bug',
  'Risk-assess the payment flow before launch',
  'Whisk-away stale sessions after 30 minutes',
  'Move the flask-todo-app to SQLAlchemy 2',
  'Ask-the-user prompt should remember the last answer',
  'Disk-usage warning when the volume is 90% full',
  'Kiosk-mode layout for the lobby screen',
  'Mask-aware image cropping in the editor',
  'Use sk-learn pipelines for the churn model',
  'Rename task_runner_config to task-runner.config.json',
  'Desk-check the migration scripts with the DBA',
  'Bump eslint-plugin-flask-sqlalchemy-helpers to 4.1.0',
  'Bearer of bad news: show a friendly error page',
  'Support Authorization: Bearer tokens in the proxy (no token in logs)',
  'Ask for confirmation before force-pushing a task-branch',
  'Frisk-free checkout: remove the extra address step',
  'Asterisk-marked fields are required on the signup form',
  'Husk-and-core split of the config module',
];

/** `viban/<short id>-<slug>` for every title and a few seeded ids. */
export function branchNames(rand: () => number): string[] {
  const out: string[] = [];
  for (const title of TITLES) for (let i = 0; i < 5; i++) out.push(`viban/${from(rand, LOWER_DIGITS, 10)}-${slugify(title)}`);
  return out;
}

export function titles(): string[] {
  return [...TITLES];
}

export const PROSE = [
  'I will ask-the-user before deleting anything in the repo.',
  'The flask app uses a task queue; see task-runner/README.md for the desk-side setup.',
  'Risk: the whisk-based mixer in kiosk-mode crashes when the disk is full.',
  'Run `npm run task-runner -- --watch` from /home/dev/flask-todo-app-with-sqlalchemy-X.',
  'See sk-learn-notes-for-the-team and sk-Project-2024-Final-Notes in the wiki.',
  'The sk-ant-colony-simulation-demo folder is the ant colony example.',
  'Bearer of bad news: the build failed on task-42.',
  'Use the Authorization header with a bearer token from the vault.',
  'git checkout viban/k3j9x2m1qa-ask-the-user-before-deleting-files && git log --oneline',
  'Error: ENOENT: no such file or directory, open \'/srv/risk-engine/config/task-defaults.yaml\'',
  'Traceback (most recent call last):\n  File "/app/flask_task_runner/app.py", line 12, in <module>\n    from desk_booking import ask_user',
  '\u001b[31merror\u001b[0m: task-runner exited with code 3 in /tmp/whisk-tests',
  'Ask the user before deleting files. Ask-the-user mode is on. ASK-THE-USER!',
  'Package @acme/task-runner-cli@2.3.1 depends on flask-sqlalchemy-lite and disk-usage-ts.',
  'ghp is the GitHub prefix, but gh_pages_deploy and ghs_old are ordinary names.',
  'AIza is how Google keys start; AKIA is how AWS ones start — neither is a key on its own.',
  'xoxb is a Slack bot prefix; the slack-bot-task-runner handles it.',
  'eyJ is base64 for {" — the JWT header prefix.',
];

export function uuids(rand: () => number): string[] {
  return Array.from({ length: 60 }, () => [8, 4, 4, 4, 12].map((n) => from(rand, HEX, n)).join('-'));
}

export function gitShas(rand: () => number): string[] {
  return Array.from({ length: 60 }, () => from(rand, HEX, 40));
}

/** Base64-ish ids (nanoid, base64url tokens that are not credentials, Viban's own ids). */
export function opaqueIds(rand: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 40; i++) out.push(from(rand, B64URL, 21), `t_${from(rand, LOWER_DIGITS, 10)}`, `s_${from(rand, LOWER_DIGITS, 10)}`, `msg_${from(rand, ALNUM, 24)}`, `toolu_${from(rand, ALNUM, 24)}`);
  return out;
}

/** The whole corpus that must pass untouched, paths built from the folder names included. */
export function untouchedCorpus(seed = 17): string[] {
  const rand = seeded(seed);
  const folders = folderNames();
  return [
    ...folders,
    ...folders.map((f) => `/home/dev/projects/${f}/src/app.py`),
    ...folders.map((f) => `C:\\Users\\dev\\${f}\\package.json`),
    ...folders.map((f) => `/tmp/.viban-worktrees/${f}/${from(rand, LOWER_DIGITS, 10)}-${slugify(pick(rand, TITLES))}`),
    ...branchNames(rand),
    ...titles(),
    ...PROSE,
    ...uuids(rand),
    ...gitShas(rand),
    ...opaqueIds(rand),
  ];
}

export interface ShapedKey {
  kind: string;
  key: string;
}

/** Keys in the shapes providers issue, 20 of each kind. */
export function realShapedKeys(seed = 42): ShapedKey[] {
  const rand = seeded(seed);
  const keys: ShapedKey[] = [];
  const add = (kind: string, make: () => string) => {
    for (let i = 0; i < 20; i++) keys.push({ kind, key: make() });
  };
  add('anthropic api03', () => `sk-ant-api03-${from(rand, B64URL, 93)}AA`);
  add('anthropic oat01', () => `sk-ant-oat01-${from(rand, B64URL, 93)}AA`);
  add('anthropic admin01', () => `sk-ant-admin01-${from(rand, B64URL, 93)}AA`);
  add('openai legacy', () => `sk-${from(rand, ALNUM, 20)}T3BlbkFJ${from(rand, ALNUM, 20)}`);
  add('openai project', () => `sk-proj-${from(rand, B64URL, 74)}T3BlbkFJ${from(rand, B64URL, 74)}`);
  add('openai service account', () => `sk-svcacct-${from(rand, B64URL, 74)}T3BlbkFJ${from(rand, B64URL, 74)}`);
  add('openai admin', () => `sk-admin-${from(rand, B64URL, 74)}T3BlbkFJ${from(rand, B64URL, 74)}`);
  for (const p of ['ghp', 'gho', 'ghu', 'ghs', 'ghr']) add(`github ${p}`, () => `${p}_${from(rand, ALNUM, 36)}`);
  add('github fine-grained', () => `github_pat_11${from(rand, UPPER_DIGITS, 20)}_${from(rand, ALNUM, 59)}`);
  add('google', () => `AIza${from(rand, B64URL, 35)}`);
  add('slack', () => `xoxb-${from(rand, '0123456789', 12)}-${from(rand, '0123456789', 13)}-${from(rand, ALNUM, 24)}`);
  add('aws', () => `AKIA${from(rand, UPPER_DIGITS, 16)}`);
  add('jwt', () => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${from(rand, B64URL, 60)}.${from(rand, B64URL, 43)}`);
  return keys;
}

/** Where a key shows up in agent output and errors. `{}` stands for the key. */
export const KEY_CONTEXTS: ReadonlyArray<(k: string) => string> = [
  (k) => k,
  (k) => `key=${k}`,
  (k) => `Last error output: ${k}`,
  (k) => `export ANTHROPIC_API_KEY='${k}'`,
  (k) => `{"error":"invalid x-api-key: ${k}"}`,
  (k) => JSON.stringify({ text: `line one\n${k}\tand more` }),
  (k) => `\u001b[1;31m${k}\u001b[0m`,
  (k) => JSON.stringify(`\u001b[33m${k}`),
  (k) => `https://api.example.invalid/v1/models?key=${k}&alt=json`,
  (k) => `(${k})`,
  (k) => `reported an error: 401 ${k}.`,
];

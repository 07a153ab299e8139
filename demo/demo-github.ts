// "GitHub" for the demo workspace, offline: the REST API stand-in the tests use (test/support/
// githubStandIn.ts) on 127.0.0.1, and a pretend runner that runs the workflow's real job on this
// machine (test/support/githubStandInWorkflow.ts: the committed viban.yml, step by step, GITHUB_*
// set as Actions sets them) with this checkout's `viban` and the Demo agent as `claude` — so
// "Run on GitHub Actions" on a demo card dispatches, shows each step, pushes a branch to a local
// bare repository standing in for github.com, opens a pull request and replays the log.
//
// Usage: node --import tsx demo/demo-github.ts <demo folder>
// Prints one JSON line when ready: { "apiUrl": …, "token": … } (the token is a made-up one the
// stand-in accepts). scripts/start.mjs starts it for `npm start` and stops it with the demo.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { version } from '../package.json';
import { GitHubStandIn, type StandInRun } from '../test/support/githubStandIn';
import { parseWorkflow, runJob } from '../test/support/githubStandInWorkflow';
import { stampedWorkflow } from '../src/remote/workflowFile';
import { WORKFLOW_PATH } from '../src/remote/workflowTemplate';

export const DEMO_OWNER = 'viban-demo';
export const DEMO_REPO = 'wc-top';
/** Not a real token: only this stand-in knows it. */
export const DEMO_TOKEN = 'ghp_viban_demo_offline_token';
const JOB_TOKEN = 'ghs_viban_demo_job_token';
const GITHUB_URL = `https://github.com/${DEMO_OWNER}/${DEMO_REPO}.git`;

export interface DemoGitHubOptions {
  /** The `viban` the runner uses (default: this checkout's dist/cli.js, built by npm start). */
  vibanCli?: string;
  /** Each step waits this long before it starts, so the card's progress can be followed by eye. */
  stepPauseMs?: number;
  /** The Demo agent's pace (VIBAN_DEMO_PACE_MS). */
  agentPaceMs?: number;
}

const repoDir = path.resolve(__dirname, '..');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The demo folder as a clone of "github.com/viban-demo/wc-top": `origin` keeps that URL (owner and
 * repository are read from it, as in real life) and git's url.<bare>.insteadOf sends it to a local
 * bare repository beside the demo. The workflow is committed and pushed, as after `viban remote
 * init github --yes`. Idempotent: a second start changes nothing.
 */
export function prepareDemoRepository(folder: string): { bare: string; workflowText: string } {
  const bare = path.join(path.dirname(folder), `${path.basename(folder)}-github`, `${DEMO_REPO}.git`);
  if (!existsSync(bare)) {
    mkdirSync(path.dirname(bare), { recursive: true });
    git(path.dirname(bare), 'init', '-q', '--bare', '-b', 'main', bare);
  }
  const remotes = git(folder, 'remote').split('\n');
  if (!remotes.includes('origin')) git(folder, 'remote', 'add', 'origin', GITHUB_URL);
  git(folder, 'config', `url.${bare}.insteadOf`, GITHUB_URL);
  const committed = (() => {
    try {
      return git(folder, 'show', `HEAD:${WORKFLOW_PATH}`);
    } catch {
      return undefined;
    }
  })();
  let workflowText = committed;
  if (!workflowText) {
    workflowText = stampedWorkflow({ vibanVersion: version });
    mkdirSync(path.join(folder, path.dirname(WORKFLOW_PATH)), { recursive: true });
    writeFileSync(path.join(folder, WORKFLOW_PATH), workflowText);
    git(folder, 'add', '--', WORKFLOW_PATH);
    git(folder, '-c', 'user.name=Viban demo', '-c', 'user.email=demo@viban.invalid', 'commit', '-q', '-m', 'Run Viban tasks on GitHub Actions (viban remote init github)', '--', WORKFLOW_PATH);
  }
  const pushed = (() => {
    try {
      return git(bare, 'rev-parse', 'refs/heads/main').trim();
    } catch {
      return '';
    }
  })();
  if (!pushed) git(folder, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
  return { bare, workflowText: git(bare, 'show', `main:${WORKFLOW_PATH}`) };
}

/** The runner machine's own folder: `viban` (this checkout's bundle) and `claude` (the Demo agent) on PATH. */
function runnerMachine(root: string, vibanCli: string): { bin: string; home: string } {
  const bin = path.join(root, 'bin');
  const home = path.join(root, 'home');
  mkdirSync(bin, { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(bin, 'viban'), `#!/bin/sh\nexec "${process.execPath}" "${vibanCli}" "$@"\n`, { mode: 0o755 });
  writeFileSync(path.join(bin, 'claude'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoDir, 'demo', 'demo-runner-claude.mjs')}" "$@"\n`, { mode: 0o755 });
  return { bin, home };
}

export async function startDemoGitHub(folder: string, opts: DemoGitHubOptions = {}): Promise<{ standIn: GitHubStandIn; stop(): Promise<void> }> {
  const vibanCli = opts.vibanCli ?? path.join(repoDir, 'dist', 'cli.js');
  if (!existsSync(vibanCli)) throw new Error(`${vibanCli} is missing: build first (node esbuild.mjs)`);
  const stepPauseMs = opts.stepPauseMs ?? Number(process.env.VIBAN_DEMO_STEP_MS ?? 700);
  const agentPace = String(opts.agentPaceMs ?? process.env.VIBAN_DEMO_PACE_MS ?? 40);
  const { bare, workflowText } = prepareDemoRepository(folder);
  const standIn = new GitHubStandIn({ owner: DEMO_OWNER, repo: DEMO_REPO, tokens: { [DEMO_TOKEN]: 'repo, workflow', [JOB_TOKEN]: 'repo' } });
  standIn.steps = parseWorkflow(workflowText).jobs.run.steps.map((s: { name: string }) => s.name);
  await standIn.start();
  const machine = path.join(path.dirname(bare), 'runner');
  rmSync(machine, { recursive: true, force: true });
  const { bin, home } = runnerMachine(machine, vibanCli);
  const jobs = new Set<Promise<unknown>>();
  let runs = 0;
  standIn.onDispatch = (run: StandInRun) => {
    const workspace = path.join(machine, `run-${run.id}`, DEMO_REPO);
    const number = ++runs;
    const job = (async () => {
      await sleep(stepPauseMs); // queued for a moment, as on GitHub
      const result = await runJob({
        // The workflow as pushed to the bare "GitHub" (a user's later edits run once pushed).
        workflowText: git(bare, 'show', `${run.ref}:${WORKFLOW_PATH}`),
        workspace,
        originUrl: bare,
        ctx: {
          inputs: run.inputs,
          // The Demo agent calls no model: the key is only there for the step that checks one is set.
          secrets: { ANTHROPIC_API_KEY: 'demo-key-not-used' },
          vars: {},
          github: { token: JOB_TOKEN, event: { repository: { default_branch: 'main' } } },
        },
        baseEnv: { PATH: `${bin}:${process.env.PATH}`, HOME: home, LANG: 'C.UTF-8', VIBAN_DEMO_PACE_MS: agentPace },
        githubEnv: {
          GITHUB_API_URL: standIn.origin,
          GITHUB_SERVER_URL: `${standIn.origin}/html`,
          GITHUB_REPOSITORY: `${DEMO_OWNER}/${DEMO_REPO}`,
          GITHUB_RUN_ID: String(run.id),
          GITHUB_RUN_NUMBER: String(number),
          GITHUB_EVENT_NAME: 'workflow_dispatch',
        },
        onStepStart: async (i) => {
          if (run.cancelRequested) throw new Error('cancelled');
          await sleep(stepPauseMs);
          standIn.stepStarted(run, i);
        },
        onStepEnd: (i, r) => {
          if (run.status === 'completed') return; // cancelled meanwhile
          standIn.appendLog(run, `##[group]${r.name}\n${r.output}\n##[endgroup]`);
          standIn.stepFinished(run, i, r.outcome);
        },
        onArtifact: (name, zip) => standIn.addArtifact(run, name, zip),
      });
      if (run.status !== 'completed') standIn.complete(run, result.results.some((r) => r.outcome === 'failure') ? 'failure' : 'success');
    })()
      .catch((err) => {
        if (run.status !== 'completed') standIn.complete(run, run.cancelRequested ? 'cancelled' : 'failure');
        if (!run.cancelRequested) console.error(`demo runner: run ${run.id} failed: ${(err as Error).message}`);
      })
      .finally(() => {
        jobs.delete(job);
        rmSync(path.dirname(workspace), { recursive: true, force: true });
      });
    jobs.add(job);
  };
  return {
    standIn,
    stop: async () => {
      await standIn.stop();
      await Promise.allSettled([...jobs]);
    },
  };
}

if (require.main === module) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: node --import tsx demo/demo-github.ts <demo folder>');
    process.exit(2);
  }
  startDemoGitHub(path.resolve(folder))
    .then(({ standIn, stop }) => {
      console.log(JSON.stringify({ apiUrl: standIn.origin, token: DEMO_TOKEN }));
      const end = () => void stop().then(() => process.exit(0));
      process.on('SIGINT', end);
      process.on('SIGTERM', end);
      // The parent (npm start) went away: so does this.
      process.stdin.on('end', end).resume();
    })
    .catch((err) => {
      console.error(`demo GitHub: ${(err as Error).message}`);
      process.exit(1);
    });
}

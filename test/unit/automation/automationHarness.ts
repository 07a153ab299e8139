// A folder runtime with its queue open and the real `claude` CLI (test/agents) pointed at the
// scripted Anthropic server, in a temp git repo: the world stage automation runs in.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import { RECIPES_SCHEMA_VERSION, type Recipe, type StageRun } from '../../../src/protocol/automation';
import { CLAUDE_BIN, claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';

export interface AutomationWorld {
  world: ClaudeWorld;
  root: string;
  runtime: FolderRuntime;
  notes: Array<{ run: StageRun; message: string }>;
  close(): Promise<void>;
}

export async function openAutomationWorld(): Promise<AutomationWorld> {
  const world = await claudeWorld();
  execFileSync('git', ['-C', world.repo, 'commit', '-q', '--allow-empty', '-m', 'start'], { env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  const registry = createExecutorRegistry({ paths: () => ({ 'claude-code': CLAUDE_BIN }), idleTimeoutMinutes: () => undefined });
  const notes: AutomationWorld['notes'] = [];
  const runtime = await FolderRuntime.open(world.repo, registry, new Redactor(), {
    env: world.env,
    acceptStopRequests: false,
    queue: { concurrency: 2, replyThrottleMs: 20, queue: { watch: false, disposeGraceMs: 3000 } },
    notifyStageRun: (run, message) => notes.push({ run, message }),
  });
  return {
    world,
    root: world.repo,
    runtime,
    notes,
    async close() {
      await runtime.dispose();
      await world.dispose();
    },
  };
}

/** Writes a skill folder in .viban/skills/<id>/ (heading format unless `frontMatter`). */
export function writeSkill(root: string, id: string, opts: { title?: string; outputs?: string[]; instructions?: string; frontMatter?: boolean; extraFiles?: Record<string, string> } = {}): string {
  const dir = join(root, '.viban', 'skills', id);
  mkdirSync(dir, { recursive: true });
  const outputs = opts.outputs ?? [];
  const body = opts.frontMatter
    ? `---\nname: ${opts.title ?? id}\ndescription: ${id} for tests\noutputs: [${outputs.join(', ')}]\n---\n\n${opts.instructions ?? 'Do the work.'}\n`
    : `# ${opts.title ?? id}\n\n${id} for tests.\n\n## Inputs\n- title: string (required) - the task\n\n## Outputs\n${outputs.map((o) => `- ${o}: produced`).join('\n')}\n\n## Tags\ntest, ${id}\n\n${opts.instructions ?? 'Do the work.'}\n`;
  writeFileSync(join(dir, 'SKILL.md'), body);
  for (const [name, text] of Object.entries(opts.extraFiles ?? {})) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export function writeRecipes(root: string, recipes: Record<string, Partial<Recipe> & Pick<Recipe, 'automationLevel'>>): void {
  mkdirSync(join(root, '.viban'), { recursive: true });
  writeFileSync(join(root, '.viban', 'recipes.json'), JSON.stringify({ schemaVersion: RECIPES_SCHEMA_VERSION, recipes }, null, 2));
}

export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

export const columnOf = (rt: FolderRuntime, taskId: string) => rt.board.current.board.tasks.find((t) => t.id === taskId)?.columnId;

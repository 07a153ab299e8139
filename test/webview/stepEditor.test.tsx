import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import type { AutomationSnapshot } from '../../src/protocol/automation';
import { $, $$, byName, click, key, mountApp, snapshot, typeInto } from './harness';

const skill = (id: string, inputs: string[], outputs: string[]) => ({
  id, name: id, description: `The ${id} skill.`, version: '1.0.0', source: 'local' as const, contentHash: 'h', tags: [], inputs, outputs, trust: 'vetted' as const, path: `.viban/skills/${id}`,
});
const automation = (): AutomationSnapshot => ({
  recipes: { todo: { enabled: true, automationLevel: 'human_approval', executor: 'claude-code', steps: [{ skill: 'plan', params: {}, inputs: {}, outputs: [], timeoutMinutes: 30, retryCount: 0 }], gates: [], onFail: 'stay' } },
  validations: {},
  skills: [skill('plan', ['topic', 'constraints'], ['plan.md'])],
  runs: [],
  executors: ['claude-code'],
});

describe('the recipe editor: a step in full', () => {
  it('edits a step’s timeout, retries, permission mode, answer file, inputs (declared and extra) and outputs, and saves them', async () => {
    const { root, host, send } = await mountApp(snapshot());
    await send({ type: 'automation', snapshot: automation() });
    await click(byName(root, 'button', 'Todo column actions'));
    await click(byName(document.body, '[role="menuitem"]', 'Automation…'));
    const editor = $(document.body, '[role="dialog"]');
    const field = (label: string) => $(editor, `[aria-label="${label}"]`);

    await typeInto(field('Step 1 timeout in minutes'), '45');
    await typeInto(field('Step 1 retries'), '2');
    assert.ok($(editor, '.recipe-step-details summary').textContent?.includes('Details'));
    // The skill's declared inputs are offered by name.
    assert.deepEqual($$(editor, '.recipe-input-name').map((e) => e.textContent), ['topic', 'constraints']);
    await typeInto(field('Step 1 input topic'), '{{task.title}}');
    await typeInto(field('Step 1 new input name'), 'audience');
    await click(byName(editor, 'button', 'Add input to step 1'));
    await typeInto(field('Step 1 input audience'), 'developers');
    const mode = field('Step 1 permission mode');
    await act(() => {
      (mode as HTMLSelectElement).value = 'plan';
      mode.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await typeInto(field('Step 1 answer file'), 'plan.md');
    await typeInto(field('Step 1 outputs'), 'risks.md, score');

    // The host validates the draft (the last one asked) and the editor may save.
    await new Promise((r) => setTimeout(r, 300));
    const asked = host.last('validateRecipe');
    await send({ type: 'recipeValidation', token: asked.token, validation: { valid: true, errors: [], warnings: [], skills: [{ skill: 'plan', found: true, trusted: true }] } });
    await click(byName(editor, 'vscode-button', 'Save'));
    const saved = host.last('setRecipe').recipe!;
    assert.deepEqual(saved.steps, [
      {
        skill: 'plan',
        params: { permissionMode: 'plan', answerFile: 'plan.md' },
        inputs: { topic: '{{task.title}}', audience: 'developers' },
        outputs: ['risks.md', 'score'],
        timeoutMinutes: 45,
        retryCount: 2,
      },
    ]);
    // Clearing a value removes it instead of saving an empty string.
    await typeInto(field('Step 1 input topic'), '');
    await key(field('Step 1 input topic'), 'Tab');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((host.last('validateRecipe').recipe as { steps: Array<{ inputs: object }> }).steps[0].inputs, { audience: 'developers' });
  });
});

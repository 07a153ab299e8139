// Column menu → Automation…: the column's recipe (enabled, level, executor/model, steps picked
// from the skill catalog, gates, on fail), validated by the host as it is edited. A recipe with
// errors cannot be saved enabled. The Skills catalog sits beside it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Column } from '../../src/protocol/model';
import type { AutomationLevel, Gate, GateType, OnFail, Recipe } from '../../src/protocol/automation';
import { Button } from '../ui/Button';
import { Dropdown } from '../ui/Dropdown';
import { IconButton } from '../ui/IconButton';
import { TextArea } from '../ui/TextArea';
import { TextField } from '../ui/TextField';
import { useAutomation } from './automationContext';
import { LEVEL_LABEL } from './stageText';
import { SkillsPanel } from './SkillsPanel';
import { StepEditor } from './StepEditor';

const LEVELS: AutomationLevel[] = ['fully_auto', 'auto_notify', 'human_approval', 'manual'];
const ON_FAIL: Array<{ value: OnFail; label: string }> = [
  { value: 'stay', label: 'Stay in the column' },
  { value: 'revert', label: 'Go back where it came from' },
  { value: 'create_questions', label: 'Add the questions to the card' },
  { value: 'review_required', label: 'Flag and move to review' },
];
const GATE_TYPES: GateType[] = ['file_exists', 'content_check', 'artifact_exists', 'metric_threshold', 'command'];
const GATE_EXAMPLE: Record<GateType, Record<string, unknown>> = {
  file_exists: { pattern: '*.md' },
  content_check: { file: 'plan.md', requiredSections: ['Goal', 'Steps'] },
  artifact_exists: { artifactType: 'url', label: 'Preview' },
  metric_threshold: { metric: 'score', operator: '>=', threshold: 70 },
  command: { run: 'npm test', expectExit: 0 },
};

const blank = (): Recipe => ({ enabled: true, automationLevel: 'human_approval', executor: 'claude-code', steps: [], gates: [], onFail: 'stay' });

export function RecipeEditor({ column, onClose }: { column: Column; onClose: () => void }) {
  const hub = useAutomation();
  const existing = hub?.snapshot?.recipes[column.id];
  const [draft, setDraft] = useState<Recipe>(() => structuredClone(existing ?? blank()));
  const [configText, setConfigText] = useState<string[]>(() => (existing?.gates ?? []).map((g) => JSON.stringify(g.config)));
  const [tab, setTab] = useState<'recipe' | 'skills'>('recipe');
  const [saving, setSaving] = useState(false);
  const token = useMemo(() => `${column.id}-${Math.random().toString(36).slice(2)}`, [column.id]);
  const [version, setVersion] = useState(0);
  const dialog = useRef<HTMLDivElement>(null);

  // Opened before the host's first automation push: take the saved recipe once it arrives, unless edited already.
  useEffect(() => {
    if (existing && version === 0) {
      setDraft(structuredClone(existing));
      setConfigText(existing.gates.map((g) => JSON.stringify(g.config)));
    }
  }, [existing]);
  // Live validation: the host answers each draft (debounced) under this editor's token.
  useEffect(() => {
    const t = setTimeout(() => hub?.validate(token, column.id, draft), 200);
    return () => clearTimeout(t);
  }, [draft, hub?.snapshot?.skills]);
  useEffect(() => dialog.current?.querySelector<HTMLElement>('.recipe-close')?.focus(), []);
  if (!hub) return null;
  const validation = hub.validations.get(token);
  const badJson = configText.map((t) => parseJson(t) === undefined);
  const skills = hub.snapshot?.skills ?? [];
  const executors = hub.snapshot?.executors.length ? hub.snapshot.executors : [draft.executor];
  const update = (patch: Partial<Recipe>) => {
    setDraft({ ...draft, ...patch });
    setVersion(version + 1);
  };
  const setGate = (i: number, patch: Partial<Gate>) => update({ gates: draft.gates.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
  const blocked = draft.enabled && (!validation || !validation.valid || badJson.some(Boolean));

  const save = async () => {
    setSaving(true);
    const reply = await hub.request({ type: 'setRecipe', columnId: column.id, recipe: draft });
    setSaving(false);
    if (reply.ok) onClose();
  };
  const remove = async () => {
    const reply = await hub.request({ type: 'setRecipe', columnId: column.id, recipe: null });
    if (reply.ok) onClose();
  };

  return (
    <div class="recipe-overlay" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div class="recipe-editor" role="dialog" aria-modal="true" aria-label={`Automation for ${column.title}`} ref={dialog}>
        <div class="recipe-head">
          <h2>Automation · {column.title}</h2>
          <div class="recipe-tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'recipe'} onClick={() => setTab('recipe')}>Recipe</button>
            <button type="button" role="tab" aria-selected={tab === 'skills'} onClick={() => setTab('skills')}>Skills ({skills.length})</button>
          </div>
          <IconButton className="recipe-close" icon="close" label="Close" onClick={onClose} />
        </div>
        {tab === 'skills' ? (
          <SkillsPanel />
        ) : (
          <div class="recipe-body">
            {hub.snapshot?.problem && <p class="stage-error">{hub.snapshot.problem}</p>}
            <div class="recipe-row">
              <label>
                <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: (e.currentTarget as HTMLInputElement).checked })} /> Enabled
              </label>
              <Dropdown ariaLabel="Automation level" className="recipe-level" value={draft.automationLevel} options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))} onChange={(v) => update({ automationLevel: v as AutomationLevel })} />
              <Dropdown ariaLabel="Executor" value={draft.executor} options={[...new Set([draft.executor, ...executors])].map((e) => ({ value: e, label: e }))} onChange={(v) => update({ executor: v })} />
              <TextField ariaLabel="Model (optional)" placeholder="model (optional)" value={draft.model ?? ''} onInput={(v) => update({ model: v.trim() || undefined })} />
            </div>

            <h3>Steps</h3>
            <ol class="recipe-steps">
              {draft.steps.map((s, i) => (
                <StepEditor
                  key={i}
                  step={s}
                  index={i}
                  skills={skills}
                  onChange={(step) => update({ steps: draft.steps.map((x, j) => (j === i ? step : x)) })}
                  onRemove={() => update({ steps: draft.steps.filter((_, j) => j !== i) })}
                />
              ))}
            </ol>
            <Button appearance="secondary" disabled={!skills.length} onClick={() => update({ steps: [...draft.steps, { skill: skills[0]?.id ?? '', params: {}, inputs: {}, outputs: [], timeoutMinutes: 30, retryCount: 0 }] })}>
              Add step
            </Button>

            <h3>Gates</h3>
            <ul class="recipe-gates">
              {draft.gates.map((g, i) => (
                <li key={i} class="recipe-gate">
                  <div class="recipe-row">
                    <TextField ariaLabel={`Gate ${i + 1} name`} value={g.name} onInput={(v) => setGate(i, { name: v })} />
                    <Dropdown ariaLabel={`Gate ${i + 1} type`} value={g.type} options={GATE_TYPES.map((t) => ({ value: t, label: t }))} onChange={(v) => {
                      const type = v as GateType;
                      setConfigText(configText.map((t, j) => (j === i ? JSON.stringify(GATE_EXAMPLE[type]) : t)));
                      setGate(i, { type, config: GATE_EXAMPLE[type] });
                    }} />
                    <label>
                      <input type="checkbox" checked={g.required} onChange={(e) => setGate(i, { required: (e.currentTarget as HTMLInputElement).checked })} /> Required
                    </label>
                    <IconButton icon="trash" label={`Remove gate ${i + 1}`} onClick={() => {
                      setConfigText(configText.filter((_, j) => j !== i));
                      update({ gates: draft.gates.filter((_, j) => j !== i) });
                    }} />
                  </div>
                  <TextArea ariaLabel={`Gate ${i + 1} config (JSON)`} rows={2} value={configText[i] ?? ''} onInput={(v) => {
                    setConfigText(configText.map((t, j) => (j === i ? v : t)));
                    const parsed = parseJson(v);
                    if (parsed) setGate(i, { config: parsed });
                  }} />
                  {badJson[i] && <div class="stage-error">The config is not a JSON object.</div>}
                  <TextField ariaLabel={`Gate ${i + 1} failure message`} placeholder="Failure message" value={g.failureMessage} onInput={(v) => setGate(i, { failureMessage: v })} />
                </li>
              ))}
            </ul>
            <Button appearance="secondary" onClick={() => {
              setConfigText([...configText, JSON.stringify(GATE_EXAMPLE.file_exists)]);
              update({ gates: [...draft.gates, { id: `gate-${draft.gates.length + 1}`, name: 'Output written', type: 'file_exists', config: GATE_EXAMPLE.file_exists, required: true, failureMessage: '' }] });
            }}>
              Add gate
            </Button>

            <h3>On fail</h3>
            <Dropdown ariaLabel="On fail" value={draft.onFail} options={ON_FAIL} onChange={(v) => update({ onFail: v as OnFail })} />

            <div class="recipe-validation" aria-live="polite">
              {!validation ? (
                <p class="muted">Checking…</p>
              ) : (
                <>
                  {validation.errors.map((e) => <p key={e} class="validation-error"><i class="codicon codicon-error" aria-hidden="true" /> {e}</p>)}
                  {validation.warnings.map((w) => <p key={w} class="validation-warning"><i class="codicon codicon-warning" aria-hidden="true" /> {w}</p>)}
                  {validation.valid && !validation.warnings.length && <p class="validation-ok"><i class="codicon codicon-pass" aria-hidden="true" /> Ready</p>}
                </>
              )}
            </div>
            {hub.lastError && <p class="stage-error" role="alert">{hub.lastError}</p>}
            <div class="form-actions">
              <Button disabled={saving || blocked} title={blocked ? 'Fix the errors first (or untick Enabled)' : undefined} onClick={() => void save()}>Save</Button>
              {existing && <Button appearance="secondary" onClick={() => void remove()}>Remove recipe</Button>}
              <Button appearance="secondary" onClick={onClose}>Cancel</Button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

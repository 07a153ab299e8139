// One step of a recipe, in full (issue #13 "Steps: { skill, params, inputs, outputs,
// timeoutMinutes, retryCount }"): the skill from the catalog, retries and timeout on its row, and
// under "Details" the permission mode and answer file (params), the skill's inputs (its declared
// ones first, each fillable with {{task.title}}, {{steps.<n>.<output>}}, {{artifacts.<label>}}),
// extra inputs, and the outputs it produces beyond what the skill declares.
import { useState } from 'preact/hooks';
import type { SkillEntry, Step } from '../../src/protocol/automation';
import { Dropdown } from '../ui/Dropdown';
import { IconButton } from '../ui/IconButton';
import { TextField } from '../ui/TextField';

const MODES = [
  { value: '', label: "Recipe's default mode" },
  { value: 'ask', label: 'Ask before each tool' },
  { value: 'auto-edit', label: 'Auto-edit' },
  { value: 'plan', label: 'Plan only' },
  { value: 'full-auto', label: 'Full auto' },
];

export interface StepEditorProps {
  step: Step;
  index: number;
  skills: readonly SkillEntry[];
  onChange: (step: Step) => void;
  onRemove: () => void;
}

export function StepEditor({ step, index, skills, onChange, onRemove }: StepEditorProps) {
  const n = index + 1;
  const [newInput, setNewInput] = useState('');
  // The text as typed ("plan.md, sco"), so a comma being typed is not normalised away.
  const [outputsText, setOutputsText] = useState(() => step.outputs.join(', '));
  const skill = skills.find((k) => k.id === step.skill);
  // The skill's declared inputs are always offered; extra ones the user added stay listed too.
  const inputNames = [...new Set([...(skill?.inputs ?? []), ...Object.keys(step.inputs)])];
  const set = (patch: Partial<Step>) => onChange({ ...step, ...patch });
  const setParam = (key: string, value: string) => {
    const params = { ...step.params };
    if (value) params[key] = value;
    else delete params[key];
    set({ params });
  };
  const setInput = (name: string, value: string) => {
    const inputs = { ...step.inputs };
    if (value) inputs[name] = value;
    else delete inputs[name];
    set({ inputs });
  };
  const addInput = () => {
    const name = newInput.trim();
    if (!name || name in step.inputs) return;
    set({ inputs: { ...step.inputs, [name]: '' } });
    setNewInput('');
  };

  return (
    <li class="recipe-step-item" data-step={n}>
      <div class="recipe-step">
        <Dropdown
          ariaLabel={`Step ${n} skill`}
          value={step.skill}
          options={[...new Set([step.skill, ...skills.map((k) => k.id)])].map((id) => ({ value: id, label: `${id} (${skills.find((k) => k.id === id)?.trust ?? 'missing'})` }))}
          onChange={(v) => set({ skill: v })}
        />
        <label class="recipe-step-num">
          retries
          <TextField className="recipe-step-number" ariaLabel={`Step ${n} retries`} value={String(step.retryCount)} onInput={(v) => set({ retryCount: clampInt(v, 0, 10, 0) })} />
        </label>
        <label class="recipe-step-num">
          timeout (min)
          <TextField className="recipe-step-number" ariaLabel={`Step ${n} timeout in minutes`} value={String(step.timeoutMinutes)} onInput={(v) => set({ timeoutMinutes: clampInt(v, 1, 24 * 60, 30) })} />
        </label>
        <IconButton icon="trash" label={`Remove step ${n}`} onClick={onRemove} />
      </div>
      <details class="recipe-step-details">
        <summary>Details: mode, inputs, outputs</summary>
        {skill?.description && <p class="muted recipe-step-skill">{skill.description}</p>}
        <div class="recipe-row">
          <Dropdown ariaLabel={`Step ${n} permission mode`} value={typeof step.params.permissionMode === 'string' ? step.params.permissionMode : ''} options={MODES} onChange={(v) => setParam('permissionMode', v)} />
          <TextField
            className="recipe-step-wide"
          ariaLabel={`Step ${n} answer file`}
            placeholder="answer file, e.g. review.md (optional)"
            value={typeof step.params.answerFile === 'string' ? step.params.answerFile : ''}
            onInput={(v) => setParam('answerFile', v.trim())}
          />
        </div>
        <h4>Inputs</h4>
        {inputNames.length === 0 && <p class="muted">This skill declares no inputs.</p>}
        <ul class="recipe-step-inputs">
          {inputNames.map((name) => (
            <li key={name} class="recipe-row">
              <span class="recipe-input-name">{name}</span>
              <TextField ariaLabel={`Step ${n} input ${name}`} placeholder="{{task.description}}" value={step.inputs[name] ?? ''} onInput={(v) => setInput(name, v)} />
            </li>
          ))}
        </ul>
        <div class="recipe-row">
          <TextField ariaLabel={`Step ${n} new input name`} placeholder="another input" value={newInput} onInput={setNewInput} onKeyDown={(e) => e.key === 'Enter' && addInput()} />
          <IconButton icon="add" label={`Add input to step ${n}`} disabled={!newInput.trim()} onClick={addInput} />
        </div>
        <h4>Outputs</h4>
        <TextField
          className="recipe-step-wide"
          ariaLabel={`Step ${n} outputs`}
          placeholder={skill?.outputs.length ? `besides ${skill.outputs.join(', ')}: files or named values, comma-separated` : 'files or named values, comma-separated'}
          value={outputsText}
          onInput={(v) => {
            setOutputsText(v);
            set({ outputs: v.split(',').map((s) => s.trim()).filter(Boolean) });
          }}
        />
      </details>
    </li>
  );
}

function clampInt(text: string, min: number, max: number, fallback: number): number {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

// Checking a recipe before it is enabled and before every run (issue #13): errors block, warnings
// inform. Every referenced skill exists; fully_auto uses only vetted skills; at least one required
// gate (warning); the executor is known and installed; every gate's config is well-formed.
import { GATE_CONFIG_SCHEMAS, type Recipe, type RecipeValidation, type SkillEntry } from '../protocol/automation';
import { describeZodError } from '../protocol/messages';

export interface ExecutorCheck {
  /** undefined: no executor with that id. */
  known: boolean;
  installed?: boolean;
  reason?: string;
}

export function validateRecipe(recipe: Recipe, skills: SkillEntry[], executor: ExecutorCheck, columnTitle?: string): RecipeValidation {
  const errors: string[] = [];
  const warnings: string[] = [];
  const byId = new Map(skills.map((s) => [s.id, s]));
  const where = columnTitle ? ` in "${columnTitle}"` : '';
  const automated = recipe.automationLevel !== 'manual';

  const skillStatus = recipe.steps.map((step) => {
    const skill = byId.get(step.skill);
    return { skill: step.skill, found: !!skill, ...(skill && { trust: skill.trust, source: skill.source }), trusted: skill?.trust === 'vetted' };
  });
  skillStatus.forEach((s, i) => {
    if (!s.found) errors.push(`Step ${i + 1}${where} uses the skill "${s.skill}", which is not in the catalog (add .viban/skills/${s.skill}/SKILL.md or import it, then sync).`);
    else if (recipe.automationLevel === 'fully_auto' && !s.trusted) {
      const skill = byId.get(s.skill)!;
      const why = skill.vettedHash && skill.vettedHash !== skill.contentHash ? 'its files changed since it was vetted' : `it is ${skill.trust}`;
      errors.push(`Step ${i + 1}${where}: fully_auto runs only vetted skills, and "${s.skill}" is not (${why}). Vet it (\`viban skills vet ${s.skill}\`) or use human_approval.`);
    }
  });
  if (automated && recipe.steps.length === 0) warnings.push(`The recipe${where} has no steps: its run only checks the gates.`);

  recipe.gates.forEach((gate, i) => {
    const parsed = GATE_CONFIG_SCHEMAS[gate.type].safeParse(gate.config);
    if (!parsed.success) errors.push(`Gate ${i + 1} ("${gate.name}")${where} is malformed for type ${gate.type}: ${describeZodError(parsed.error)}.`);
  });
  const ids = recipe.gates.map((g) => g.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) errors.push(`Two gates${where} share the id "${dup}".`);
  if (automated && !recipe.gates.some((g) => g.required)) warnings.push(`The recipe${where} has no required gate: a run that succeeds always ${recipe.automationLevel === 'fully_auto' ? 'advances the card' : 'passes'}.`);

  if (automated && recipe.steps.length) {
    if (!executor.known) errors.push(`The executor "${recipe.executor}"${where} is not a Viban executor (see \`viban executors\`).`);
    else if (executor.installed === false) errors.push(`The executor "${recipe.executor}"${where} is not installed: ${executor.reason ?? 'it was not found'}.`);
  }
  return { valid: errors.length === 0, errors, warnings, skills: skillStatus };
}

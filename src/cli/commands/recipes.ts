import type { FolderRuntime } from '../../app/folderRuntime';
import type { RecipeValidation } from '../../protocol/automation';
import { applyTemplate, TEMPLATE_NAMES } from '../../automation/templates/applyTemplate';
import { oneOf } from '../args';
import type { CommandSpec } from '../commandSpec';
import { CliError, EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { table } from '../format/table';

export const recipesCommand: CommandSpec = {
  name: 'recipes',
  summary: 'Stage recipes (.viban/recipes.json): list, validate, or start from a template',
  usage: ['recipes [--json]', 'recipes validate [--json]', 'recipes init --template coding|product'],
  options: { json: { type: 'boolean' }, template: { type: 'string' } },
  optionHelp: { json: 'Print the recipes (or the validation) as JSON', template: 'recipes init: coding or product' },
  examples: ['viban recipes', 'viban recipes validate --json', 'viban recipes init --template coding'],
  positionals: { min: 0, max: 1, names: ['validate|init'] },
  async run(ctx, args) {
    const sub = args.positionals[0];
    if (sub !== undefined && sub !== 'validate' && sub !== 'init') throw new UsageError(`unknown recipes action "${sub}" (validate, init)`, 'recipes');
    if (sub === 'init') {
      const template = oneOf(args.values.template, TEMPLATE_NAMES, 'template', 'recipes');
      if (!template) throw new UsageError('recipes init needs --template coding|product', 'recipes');
      const runtime = await ctx.runtime();
      const r = await applyTemplate(template, runtime.automation, runtime.board).catch((err: Error) => {
        throw new CliError(err.message);
      });
      if (r.columnsAdded.length) ctx.out.line(`Columns added: ${r.columnsAdded.join(', ')}`);
      ctx.out.line(`Recipes set: ${r.recipesSet.join(', ') || 'none'}${r.recipesKept.length ? ` (kept your recipes for ${r.recipesKept.join(', ')})` : ''}`);
      ctx.out.line(`Skills written and vetted: ${r.skillsWritten.join(', ') || 'none'}${r.skillsKept.length ? ` (kept existing ${r.skillsKept.join(', ')})` : ''}`);
      return EXIT_OK;
    }
    if (args.values.template !== undefined) throw new UsageError('--template goes with `recipes init`', 'recipes');
    const runtime = await ctx.runtime();
    const { recipes, problem } = runtime.automation.recipes.current;
    if (problem) throw new CliError(problem);
    const validations = await validateAll(runtime);
    if (sub === 'validate') {
      const errors = validations.reduce((n, v) => n + v.validation.errors.length, 0);
      if (args.values.json) ctx.out.line(JSON.stringify({ valid: errors === 0, recipes: Object.fromEntries(validations.map((v) => [v.columnId, v.validation])) }, null, 2));
      else {
        if (!validations.length) ctx.out.info('No recipes (.viban/recipes.json). Start with `viban recipes init --template coding`.');
        for (const v of validations) {
          const head = v.validation.errors.length ? ctx.out.style('red', '✗') : ctx.out.style('green', '✓');
          ctx.out.line(`${head} ${v.title} (${v.columnId})`);
          v.validation.errors.forEach((e) => ctx.out.line(`  error: ${e}`));
          v.validation.warnings.forEach((w) => ctx.out.line(`  warning: ${w}`));
        }
      }
      return errors ? EXIT_FAILED : EXIT_OK;
    }
    if (args.values.json) {
      ctx.out.line(JSON.stringify(validations.map((v) => ({ columnId: v.columnId, column: v.title, ...recipes[v.columnId], validation: v.validation })), null, 2));
      return EXIT_OK;
    }
    if (!validations.length) {
      ctx.out.info('No recipes (.viban/recipes.json). Start with `viban recipes init --template coding|product`.');
      return EXIT_OK;
    }
    const rows = validations.map((v) => {
      const r = recipes[v.columnId];
      const state = !r.enabled ? 'disabled' : v.validation.errors.length ? `${v.validation.errors.length} error(s)` : v.validation.warnings.length ? `${v.validation.warnings.length} warning(s)` : 'ok';
      return [v.title, r.automationLevel, r.steps.map((s) => s.skill).join(' → ') || '(gates only)', String(r.gates.length), r.onFail, r.executor, state];
    });
    table(['COLUMN', 'LEVEL', 'STEPS', 'GATES', 'ON FAIL', 'EXECUTOR', 'VALIDATION'], rows).forEach((l) => ctx.out.line(l));
    return EXIT_OK;
  },
};

async function validateAll(runtime: FolderRuntime): Promise<Array<{ columnId: string; title: string; validation: RecipeValidation }>> {
  const { recipes } = runtime.automation.recipes.current;
  const columns = runtime.board.current.board.columns;
  const ordered = Object.keys(recipes).sort((a, b) => idx(columns, a) - idx(columns, b));
  const out = [];
  for (const columnId of ordered) {
    const title = columns.find((c) => c.id === columnId)?.title ?? columnId;
    const validation = await runtime.automation.validate(recipes[columnId], title);
    if (!columns.some((c) => c.id === columnId)) validation.warnings.push(`There is no column "${columnId}" on the board: this recipe never runs.`);
    out.push({ columnId, title, validation });
  }
  return out;
}

const idx = (columns: Array<{ id: string }>, id: string) => {
  const i = columns.findIndex((c) => c.id === id);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

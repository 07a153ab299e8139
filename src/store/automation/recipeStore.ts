// .viban/recipes.json: one recipe per column. Hand edits are picked up live (the file is watched);
// a file that does not parse or validate is reported and left exactly as the user wrote it — the
// last good recipes stay in force and nothing is written over it until it is fixed.
import { promises as fs } from 'node:fs';
import { RecipesFileSchema, RECIPES_SCHEMA_VERSION, type Recipe, type RecipesFile } from '../../protocol/automation';
import { writeJsonAtomic } from '../atomicWrite';
import { readJsonFile } from '../jsonFile';
import { watchFileSignals } from '../storeWatcher';
import { automationPaths } from './paths';

export type RecipesState = { recipes: Record<string, Recipe>; problem?: string };

export class RecipeStore {
  private state: RecipesState = { recipes: {} };
  private readonly listeners = new Set<(s: RecipesState) => void>();
  private stopWatching: (() => void) | undefined;
  readonly file: string;

  constructor(readonly root: string) {
    this.file = automationPaths(root).recipes;
  }

  get current(): RecipesState {
    return this.state;
  }

  recipeFor(columnId: string): Recipe | undefined {
    return this.state.recipes[columnId];
  }

  /** Reads the file now; a broken file keeps the last good recipes and sets `problem`. */
  async load(): Promise<RecipesState> {
    const read = await readJsonFile(this.file, RecipesFileSchema);
    if (read.kind === 'missing') this.state = { recipes: {} };
    else if (read.kind === 'ok') this.state = { recipes: read.value.recipes };
    else this.state = { recipes: this.state.recipes, problem: `${this.file} could not be used: ${read.reason}. It was left untouched; fix it and Viban picks it up.` };
    this.listeners.forEach((l) => l(this.state));
    return this.state;
  }

  watch(pollMs?: number): void {
    this.stopWatching ??= watchFileSignals(this.file, () => void this.load().catch(() => undefined), { pollMs });
  }

  onDidChange(listener: (s: RecipesState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets (or with undefined removes) one column's recipe. Refuses while the file on disk is broken. */
  async setRecipe(columnId: string, recipe: Recipe | undefined): Promise<void> {
    await this.write((recipes) => {
      const next = { ...recipes };
      if (recipe) next[columnId] = recipe;
      else delete next[columnId];
      return next;
    });
  }

  async replaceAll(recipes: Record<string, Recipe>): Promise<void> {
    await this.write(() => recipes);
  }

  private async write(change: (r: Record<string, Recipe>) => Record<string, Recipe>): Promise<void> {
    const read = await readJsonFile(this.file, RecipesFileSchema);
    if (read.kind === 'corrupt') throw new Error(`${this.file} is not valid (${read.reason}); fix it by hand first — Viban will not overwrite it.`);
    const current = read.kind === 'ok' ? read.value.recipes : {};
    const file: RecipesFile = { schemaVersion: RECIPES_SCHEMA_VERSION, recipes: change(current) };
    await fs.mkdir(automationPaths(this.root).dir, { recursive: true });
    await writeJsonAtomic(this.file, RecipesFileSchema.parse(file));
    await this.load();
  }

  dispose(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.listeners.clear();
  }
}

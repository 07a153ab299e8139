// Stage automation (issue #13): the shapes of .viban/recipes.json, .viban/skills.json,
// .viban/runs/<runId>.json and .viban/events.jsonl. Shared by the host, the `viban` command and
// the webview (the recipe editor, the card's run panel), so zod only.
import { z } from 'zod';

export const RECIPES_SCHEMA_VERSION = 1;
export const SKILLS_SCHEMA_VERSION = 1;
export const STAGE_RUN_SCHEMA_VERSION = 1;

export const AutomationLevelSchema = z.enum(['fully_auto', 'auto_notify', 'human_approval', 'manual']);
export type AutomationLevel = z.infer<typeof AutomationLevelSchema>;

export const OnFailSchema = z.enum(['stay', 'revert', 'create_questions', 'review_required']);
export type OnFail = z.infer<typeof OnFailSchema>;

export const GateTypeSchema = z.enum(['file_exists', 'content_check', 'artifact_exists', 'metric_threshold', 'command']);
export type GateType = z.infer<typeof GateTypeSchema>;

/** A gate's config is checked per type by the validator (gateConfigs below), so a recipe with one bad gate still loads and says which. */
export const GateSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: GateTypeSchema,
  config: z.record(z.string(), z.unknown()).default({}),
  required: z.boolean().default(true),
  failureMessage: z.string().default(''),
});
export type Gate = z.infer<typeof GateSchema>;

export const MetricOperatorSchema = z.enum(['>=', '>', '<=', '<', '==', '!=']);
export const ArtifactTypeSchema = z.enum(['file', 'url', 'pr']);
export type ArtifactType = z.infer<typeof ArtifactTypeSchema>;

export const GATE_CONFIG_SCHEMAS = {
  file_exists: z.object({ pattern: z.string().min(1) }),
  content_check: z.object({ file: z.string().min(1), requiredSections: z.array(z.string().min(1)).min(1) }),
  artifact_exists: z.object({ artifactType: ArtifactTypeSchema, label: z.string().min(1).optional() }),
  metric_threshold: z.object({ metric: z.string().min(1), operator: MetricOperatorSchema, threshold: z.number() }),
  command: z.object({ run: z.string().min(1), expectExit: z.number().int().default(0), timeoutSeconds: z.number().positive().optional() }),
} as const;

export const StepSchema = z.object({
  skill: z.string().min(1),
  /** Free-form knobs for the step: `permissionMode` (ask|auto-edit|plan|full-auto), `answerFile` (write the agent's final answer there). */
  params: z.record(z.string(), z.unknown()).default({}),
  /** Skill input name → value; `{{task.title}}`, `{{task.description}}`, `{{steps.<n>.<output>}}`, `{{artifacts.<label>}}` are filled in. */
  inputs: z.record(z.string(), z.string()).default({}),
  /** Files (relative to the work folder) and named values this step produces, beyond what the skill declares. */
  outputs: z.array(z.string().min(1)).default([]),
  timeoutMinutes: z.number().positive().max(24 * 60).default(30),
  retryCount: z.number().int().min(0).max(10).default(0),
});
export type Step = z.infer<typeof StepSchema>;

export const RecipeSchema = z.object({
  enabled: z.boolean().default(true),
  automationLevel: AutomationLevelSchema,
  executor: z.string().min(1).default('claude-code'),
  model: z.string().optional(),
  steps: z.array(StepSchema).default([]),
  gates: z.array(GateSchema).default([]),
  onFail: OnFailSchema.default('stay'),
});
export type Recipe = z.infer<typeof RecipeSchema>;

export const RecipesFileSchema = z.object({
  schemaVersion: z.literal(RECIPES_SCHEMA_VERSION),
  recipes: z.record(z.string().min(1), RecipeSchema),
});
export type RecipesFile = z.infer<typeof RecipesFileSchema>;

// ---- skills ----

export const TrustLevelSchema = z.enum(['vetted', 'community', 'experimental']);
export type TrustLevel = z.infer<typeof TrustLevelSchema>;
export const SkillSourceSchema = z.enum(['local', 'git', 'marketplace']);

export const SkillEntrySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  version: z.string().default('0.0.0'),
  source: SkillSourceSchema,
  /** Where it came from: a git URL, a marketplace id. */
  origin: z.string().optional(),
  pinnedCommit: z.string().optional(),
  /** sha256 over the skill folder's files (names and bytes), as found at the last sync. */
  contentHash: z.string().min(1),
  /** The content hash recorded when someone vetted it; a different contentHash means it changed since. */
  vettedHash: z.string().optional(),
  tags: z.array(z.string()).default([]),
  inputs: z.array(z.string()).default([]),
  outputs: z.array(z.string()).default([]),
  trust: TrustLevelSchema,
  /** Folder relative to the workspace (.viban/skills/<id> or .claude/skills/<id>). */
  path: z.string().min(1),
});
export type SkillEntry = z.infer<typeof SkillEntrySchema>;

export const SkillsFileSchema = z.object({
  schemaVersion: z.literal(SKILLS_SCHEMA_VERSION),
  skills: z.array(SkillEntrySchema),
});
export type SkillsFile = z.infer<typeof SkillsFileSchema>;

// ---- validation ----

export const SkillStatusSchema = z.object({ skill: z.string(), found: z.boolean(), trust: TrustLevelSchema.optional(), trusted: z.boolean(), source: z.string().optional() });
export const RecipeValidationSchema = z.object({
  valid: z.boolean(),
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  skills: z.array(SkillStatusSchema),
});
export type RecipeValidation = z.infer<typeof RecipeValidationSchema>;

// ---- stage runs ----

export const StageRunStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type StageRunStatus = z.infer<typeof StageRunStatusSchema>;
export const isStageRunLive = (s: StageRunStatus): boolean => s === 'queued' || s === 'running';

export const TriggerSchema = z.object({ kind: z.enum(['user', 'automation', 'run']), id: z.string().optional() });
export type Trigger = z.infer<typeof TriggerSchema>;

export const ArtifactSchema = z.object({ type: ArtifactTypeSchema, label: z.string(), value: z.string(), step: z.number().int().optional() });
export type Artifact = z.infer<typeof ArtifactSchema>;

export const StepRunSchema = z.object({
  skill: z.string(),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled']),
  attempts: z.number().int().nonnegative().default(0),
  jobIds: z.array(z.string()).default([]),
  sessionIds: z.array(z.string()).default([]),
  outputs: z.record(z.string(), z.unknown()).default({}),
  error: z.string().optional(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
});
export type StepRun = z.infer<typeof StepRunSchema>;

export const GateResultSchema = z.object({ id: z.string(), name: z.string(), type: GateTypeSchema, required: z.boolean(), passed: z.boolean(), message: z.string() });
export type GateResult = z.infer<typeof GateResultSchema>;

export const StageRunSchema = z.object({
  schemaVersion: z.literal(STAGE_RUN_SCHEMA_VERSION),
  id: z.string().min(1),
  taskId: z.string().min(1),
  columnId: z.string().min(1),
  /** The column the card came from (for onFail revert). */
  fromColumnId: z.string().optional(),
  automationLevel: AutomationLevelSchema,
  status: StageRunStatusSchema,
  /** human_approval: queued until someone presses Start. */
  awaitingApproval: z.boolean().default(false),
  triggeredBy: TriggerSchema,
  /** The recipe as it was when the run was created, so a later edit does not change a running run. */
  recipe: RecipeSchema,
  steps: z.array(StepRunSchema),
  gates: z.array(GateResultSchema).default([]),
  artifacts: z.array(ArtifactSchema).default([]),
  /** What happened after the gates: advanced to X, stayed, reverted to X, questions, review. */
  outcome: z.string().optional(),
  error: z.string().optional(),
  retryOf: z.string().optional(),
  ownerPid: z.number().int().optional(),
  ownerHost: z.string().optional(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
});
export type StageRun = z.infer<typeof StageRunSchema>;

// ---- card history ----

export const MoveEventSchema = z.object({
  ts: z.string(),
  taskId: z.string(),
  from: z.string().optional(),
  to: z.string(),
  by: TriggerSchema,
  why: z.string().optional(),
});
export type MoveEvent = z.infer<typeof MoveEventSchema>;

// ---- host <-> webview ----

/** What the board shows of stage automation: recipes with their validation, the skill catalog, recent runs. */
export const AutomationSnapshotSchema = z.object({
  recipes: z.record(z.string(), RecipeSchema),
  validations: z.record(z.string(), RecipeValidationSchema),
  /** recipes.json could not be used (the last good recipes are shown). */
  problem: z.string().optional(),
  skills: z.array(SkillEntrySchema),
  /** Each card's latest run per column, newest first. */
  runs: z.array(StageRunSchema),
  executors: z.array(z.string()),
});
export type AutomationSnapshot = z.infer<typeof AutomationSnapshotSchema>;

const areq = { requestId: z.string().min(1) };
export const AutomationFromWebviewSchemas = [
  z.object({ type: z.literal('watchAutomation') }),
  z.object({ type: z.literal('automationHistory'), taskId: z.string() }),
  z.object({ type: z.literal('setRecipe'), ...areq, columnId: z.string().min(1), recipe: RecipeSchema.nullable() }),
  /** Validate a draft as the editor changes it; answered by `recipeValidation` with the same token. */
  z.object({ type: z.literal('validateRecipe'), token: z.string(), columnId: z.string(), recipe: z.unknown() }),
  z.object({ type: z.literal('stageRunAction'), ...areq, runId: z.string(), action: z.enum(['start', 'cancel', 'retry']) }),
  z.object({ type: z.literal('openArtifact'), runId: z.string(), index: z.number().int().nonnegative() }),
  z.object({ type: z.literal('skillAction'), ...areq, action: z.enum(['vet', 'sync', 'importFolder', 'importGit', 'importMarketplace']), skillId: z.string().optional() }),
] as const;

export const AutomationToWebviewSchemas = [
  z.object({ type: z.literal('automation'), snapshot: AutomationSnapshotSchema }),
  z.object({ type: z.literal('automationHistory'), taskId: z.string(), events: z.array(MoveEventSchema), runs: z.array(StageRunSchema) }),
  z.object({ type: z.literal('recipeValidation'), token: z.string(), validation: RecipeValidationSchema }),
] as const;

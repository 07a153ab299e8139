// Reading a skill folder's SKILL.md in either format the issue names:
//  - Agent Skills (what the agent CLIs read): YAML front matter with `name`, `description` (and
//    optionally version, tags, inputs, outputs), instructions below. Parsed with gray-matter.
//  - The heading format: `# Title`, a description paragraph, `## Inputs`, `## Outputs`, `## Tags`.
// An output whose name looks like a file (`plan.md`, `docs/x.md`) is a file the step must write;
// any other output is a named value the agent reports in its viban-outputs block.
import type matter from 'gray-matter';

/**
 * gray-matter (with js-yaml and esprima behind it) loads on the first skill parsed, not with the
 * module: a background worker that never reads a skill stays small.
 */
function grayMatter(): typeof matter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('gray-matter');
}

export interface ParsedSkill {
  name: string;
  description: string;
  version?: string;
  tags: string[];
  inputs: string[];
  outputs: string[];
  /** The text the agent is given (front matter removed). */
  instructions: string;
}

export const isFileOutput = (name: string): boolean => /[./]/.test(name);

export function parseSkillMarkdown(text: string, fallbackName: string): ParsedSkill {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter caches by input string; an empty options object turns the cache off so an
    // edited file is always parsed afresh.
    parsed = grayMatter()(text, {});
  } catch (err) {
    throw new Error(`its front matter is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const fm = parsed.data as Record<string, unknown>;
  const body = parsed.content.replace(/^\s+/, '');
  const sections = headingSections(body);
  const title = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const name = str(fm.name) ?? title ?? fallbackName;
  const description = str(fm.description) ?? firstParagraphAfterTitle(body) ?? '';
  return {
    name,
    description,
    version: str(fm.version) ?? str((fm.metadata as Record<string, unknown> | undefined)?.version),
    tags: list(fm.tags) ?? tagList(sections.get('tags')) ?? [],
    inputs: names(fm.inputs) ?? bulletNames(sections.get('inputs')) ?? [],
    outputs: names(fm.outputs) ?? bulletNames(sections.get('outputs')) ?? [],
    instructions: body.trim(),
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

function list(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.map(String).map((s) => s.trim()).filter(Boolean);
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return undefined;
}

/** Front-matter inputs/outputs: a list of names, a list of {name}, or a map name → description. */
function names(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x && 'name' in x ? String((x as { name: unknown }).name) : String(x))).filter(Boolean);
  if (v && typeof v === 'object') return Object.keys(v);
  return list(v);
}

/** `## Heading` → its text, keyed by the lower-cased heading. */
function headingSections(body: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = body.split(/^##\s+/m);
  for (const part of parts.slice(1)) {
    const nl = part.indexOf('\n');
    const heading = (nl < 0 ? part : part.slice(0, nl)).trim().toLowerCase();
    out.set(heading, nl < 0 ? '' : part.slice(nl + 1));
  }
  return out;
}

function firstParagraphAfterTitle(body: string): string | undefined {
  const afterTitle = body.replace(/^#\s+.+\n/, '');
  const para = afterTitle.split(/\n\s*\n/).map((p) => p.trim()).find((p) => p && !p.startsWith('#'));
  return para?.replace(/\s+/g, ' ');
}

/** "- transcript: string (required) - Raw text" → "transcript"; "- `plan.md` — the plan" → "plan.md". */
function bulletNames(section: string | undefined): string[] | undefined {
  if (section === undefined) return undefined;
  const out: string[] = [];
  for (const line of section.split('\n')) {
    const m = /^\s*[-*]\s+`?([^`:\s]+)`?/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

function tagList(section: string | undefined): string[] | undefined {
  if (section === undefined) return undefined;
  return section.split(/[,\n]/).map((s) => s.replace(/^\s*[-*]\s*/, '').trim()).filter(Boolean);
}

// A SkillsMP-style marketplace (skillsmp.com's REST API shape): `GET {base}/api/v1/skills/search?q=`
// and `GET {base}/api/v1/skills/{id}`, with `Authorization: Bearer <key>`. Answers may be wrapped
// as `{ success, data: … }`. The key comes from SecretStorage (VS Code) or SKILLMP_API_KEY (the
// command line); it is sent only in that header and never appears in an error.

export const MARKETPLACE_KEY_ENV = 'SKILLMP_API_KEY';
export const DEFAULT_MARKETPLACE_URL = 'https://skillsmp.com';

export interface MarketplaceSkill {
  id: string;
  name: string;
  description: string;
  author?: string;
  version?: string;
  stars?: number;
  tags: string[];
}

export interface MarketplaceSkillDetail extends MarketplaceSkill {
  /** SKILL.md, plus any supporting files (relative paths). */
  files: Array<{ path: string; content: string }>;
}

export interface MarketplaceOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class MarketplaceClient {
  constructor(private readonly opts: MarketplaceOptions) {}

  async search(query: string, limit = 20): Promise<MarketplaceSkill[]> {
    const body = await this.get(`/api/v1/skills/search?q=${encodeURIComponent(query)}&limit=${limit}`);
    const data = unwrap(body);
    const list = Array.isArray(data) ? data : Array.isArray((data as { skills?: unknown })?.skills) ? (data as { skills: unknown[] }).skills : [];
    return list.map(toSkill).filter((s): s is MarketplaceSkill => !!s);
  }

  async detail(id: string): Promise<MarketplaceSkillDetail> {
    const body = await this.get(`/api/v1/skills/${encodeURIComponent(id)}`);
    const data = unwrap(body) as Record<string, unknown>;
    const raw = (data?.skill ?? data) as Record<string, unknown>;
    const skill = toSkill(raw);
    if (!skill) throw new Error(`The marketplace's answer for "${id}" is not a skill.`);
    const files: Array<{ path: string; content: string }> = [];
    if (Array.isArray(raw.files)) {
      for (const f of raw.files as Array<Record<string, unknown>>) if (typeof f?.path === 'string' && typeof f.content === 'string') files.push({ path: f.path, content: f.content });
    }
    const md = typeof raw.content === 'string' ? raw.content : typeof raw.skillMd === 'string' ? raw.skillMd : undefined;
    if (md !== undefined && !files.some((f) => f.path === 'SKILL.md')) files.unshift({ path: 'SKILL.md', content: md });
    if (!files.some((f) => f.path === 'SKILL.md')) throw new Error(`The marketplace did not send the SKILL.md of "${id}".`);
    return { ...skill, files };
  }

  private async get(pathAndQuery: string): Promise<unknown> {
    const url = new URL(pathAndQuery.replace(/^\//, ''), this.opts.baseUrl.replace(/\/?$/, '/'));
    const doFetch = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(url, {
        headers: { accept: 'application/json', ...(this.opts.apiKey && { authorization: `Bearer ${this.opts.apiKey}` }) },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 20_000),
      });
    } catch (err) {
      throw new Error(`The skills marketplace at ${url.origin} could not be reached: ${(err as Error).message}`);
    }
    if (res.status === 401 || res.status === 403) throw new Error(`The skills marketplace refused the request (${res.status}): ${this.opts.apiKey ? 'check the API key' : `set ${MARKETPLACE_KEY_ENV} (or the key in Viban's settings)`}.`);
    if (res.status === 404) throw new Error(`The skills marketplace has no such skill (${url.pathname}).`);
    if (!res.ok) throw new Error(`The skills marketplace answered ${res.status} ${res.statusText}.`);
    try {
      return await res.json();
    } catch {
      throw new Error(`The skills marketplace at ${url.origin} did not answer with JSON.`);
    }
  }
}

function unwrap(body: unknown): unknown {
  if (body && typeof body === 'object' && 'data' in body) {
    const b = body as { success?: boolean; data: unknown; error?: unknown };
    if (b.success === false) throw new Error(`The skills marketplace reported an error: ${typeof b.error === 'string' ? b.error : JSON.stringify(b.error)}`);
    return b.data;
  }
  return body;
}

function toSkill(v: unknown): MarketplaceSkill | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || !r.id) return undefined;
  return {
    id: r.id,
    name: typeof r.name === 'string' ? r.name : r.id,
    description: typeof r.description === 'string' ? r.description : '',
    ...(typeof r.author === 'string' && { author: r.author }),
    ...(typeof r.version === 'string' && { version: r.version }),
    ...(typeof r.stars === 'number' && { stars: r.stars }),
    tags: Array.isArray(r.tags) ? r.tags.map(String) : [],
  };
}

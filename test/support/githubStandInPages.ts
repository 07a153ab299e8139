// The stand-in's answer to the web links it hands out (a run's html_url, a pull request's): a
// small page saying what GitHub would show, so a link clicked on a card in the offline demo opens
// something readable instead of an API error. Tests do not need these; people do.
import type { StandInRun } from './githubStandIn';

interface Pull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${esc(title)}</title><style>body{font:14px system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}pre{background:#f6f8fa;padding:1em;overflow:auto;white-space:pre-wrap}.note{color:#666}</style><p class="note">Offline stand-in for github.com (Viban demo and tests): no data left this machine.</p>${body}`;
}

/** The page for `path` (after /html/<owner>/<repo>), or undefined when there is none. */
export function standInPage(path: string, repo: string, runs: StandInRun[], pulls: Pull[]): string | undefined {
  const pull = /^\/pull\/(\d+)$/.exec(path);
  if (pull) {
    const pr = pulls.find((p) => p.number === Number(pull[1]));
    if (!pr) return undefined;
    return page(`${pr.title} · Pull Request #${pr.number} · ${repo}`, `<h1>${esc(pr.title)} <span class="note">#${pr.number}</span></h1><p>Open · wants to merge <code>${esc(pr.head)}</code> into <code>${esc(pr.base)}</code></p><pre>${esc(pr.body)}</pre>`);
  }
  const run = /^\/actions\/runs\/(\d+)$/.exec(path);
  if (run) {
    const r = runs.find((x) => x.id === Number(run[1]));
    if (!r) return undefined;
    const steps = r.steps.map((s) => `<li>${esc(s.name)} — ${esc(s.conclusion ?? s.status)}</li>`).join('');
    return page(`${r.name} · ${repo}`, `<h1>${esc(r.name)}</h1><p>${esc(r.status)}${r.conclusion ? ` · ${esc(r.conclusion)}` : ''}</p><ol>${steps}</ol><h2>Log</h2><pre>${esc(r.log || '(no output yet)')}</pre>`);
  }
  return undefined;
}

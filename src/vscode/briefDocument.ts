// The briefing as the HTML of a read-only editor panel: the headline, then one section per kind
// of news, each line a link that opens its card (a command URI to viban.showTask, the only
// command the panel may run). No script; every piece of store text is escaped.
import type { Briefing } from '../assist/brief/briefing';
import { isQuiet } from '../assist/brief/briefing';
import { briefHeadline, briefSections } from '../assist/brief/briefSections';

export const SHOW_TASK_COMMAND = 'viban.showTask';
export const FOCUS_MEMORY_COMMAND = 'viban.memory.focus';

export function briefHtml(b: Briefing, opts: { cspSource: string; folderName: string; reason: string }): string {
  const sections = briefSections(b)
    .map((s) => {
      const items = s.lines
        .map((l) => {
          const text = escapeHtml(l.text);
          if (l.taskId) return `<li><a href="${commandUri(SHOW_TASK_COMMAND, [l.taskId])}" title="Open the card">${text}</a></li>`;
          if (l.memoryId) return `<li><a href="${commandUri(FOCUS_MEMORY_COMMAND, [])}" title="Show it in the Memory view">${text}</a></li>`;
          return `<li>${text}</li>`;
        })
        .join('\n');
      return `<section class="${slug(s.title)}"><h2>${escapeHtml(s.title)} <span class="count">${s.lines.length}</span></h2><ul>${items}</ul></section>`;
    })
    .join('\n');
  const body = isQuiet(b) ? '<p class="quiet">Nothing happened on the board, and no open question is due.</p>' : sections;
  const csp = `default-src 'none'; style-src 'unsafe-inline' ${opts.cspSource};`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Viban briefing</title>
<style>
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 8px 24px 24px; max-width: 860px; line-height: 1.5; }
h1 { font-size: 1.5em; font-weight: 600; margin: 0.6em 0 0.2em; }
.headline { color: var(--vscode-descriptionForeground); margin: 0 0 1em; }
h2 { font-size: 1.1em; font-weight: 600; margin: 1.4em 0 0.3em; }
.count { color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); border-radius: 10px; padding: 0 7px; font-size: 0.85em; font-weight: normal; }
ul { margin: 0; padding-left: 1.2em; }
li { margin: 0.15em 0; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
section.failed h2, section.checks-failed h2 { color: var(--vscode-errorForeground); }
section.waiting-for-you h2 { color: var(--vscode-editorWarning-foreground); }
.quiet, footer { color: var(--vscode-descriptionForeground); }
footer { margin-top: 2em; font-size: 0.9em; }
</style></head>
<body>
<h1>While you were away — ${escapeHtml(opts.folderName)}</h1>
<p class="headline">${escapeHtml(briefHeadline(b))}</p>
${body}
<footer>${escapeHtml(opts.reason)} Computed from the board's store at ${escapeHtml(b.until.slice(11, 16))} UTC; no model was asked. The same list: <code>viban brief --since ${escapeHtml(b.since)}</code></footer>
</body></html>`;
}

function commandUri(command: string, args: unknown[]): string {
  return escapeHtml(`command:${command}?${encodeURIComponent(JSON.stringify(args))}`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z]+/g, '-');
}

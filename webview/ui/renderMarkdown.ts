// Markdown -> sanitised HTML. marked turns markdown into HTML (raw HTML in the source included),
// then DOMPurify removes anything executable: scripts, event-handler attributes, javascript:
// URLs, forms, frames, inline styles. Images are dropped too: the CSP would block remote ones
// anyway, and a broken image is worse than none.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: false, async: false });

// The default export binds to the global window in a browser; build one explicitly otherwise.
const purifier = DOMPurify.isSupported ? DOMPurify : DOMPurify(window as unknown as Parameters<typeof DOMPurify>[0]);

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof Element && node.tagName === 'A') {
    node.setAttribute('rel', 'noopener noreferrer');
    // Only links VS Code can open safely; anything else becomes plain text-like.
    const href = node.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:|#)/i.test(href)) node.removeAttribute('href');
  }
});

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return purifier
    .sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS: ['style', 'img', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
      FORBID_ATTR: ['style', 'srcset'],
    })
    .trim(); // marked ends blocks with "\n": no stray text node after the last one
}

/**
 * One line of inline markdown (code spans, emphasis, links) -> sanitised HTML, no block wrapper:
 * for short texts written as markdown, like an agent's install hint ("`claude` not found on PATH").
 */
export function renderInlineMarkdown(markdown: string): string {
  const html = marked.parseInline(markdown) as string;
  return purifier.sanitize(html, {
    ALLOWED_TAGS: ['code', 'em', 'strong', 'a', 'del', 'br'],
    ALLOWED_ATTR: ['href', 'title', 'rel'],
  });
}

import { useMemo } from 'preact/hooks';
import { renderInlineMarkdown, renderMarkdown } from './renderMarkdown';

/** Sanitised markdown (see renderMarkdown): descriptions, agent messages, prompts. Cards never use it. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div class={className ? `markdown ${className}` : 'markdown'} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Sanitised inline markdown in a <span>: a one-line text that may hold `code`, *emphasis* or links. */
export function InlineMarkdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderInlineMarkdown(source), [source]);
  return <span class={className ? `markdown-inline ${className}` : 'markdown-inline'} dangerouslySetInnerHTML={{ __html: html }} />;
}

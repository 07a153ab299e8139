import { useLayoutEffect, type Inputs } from 'preact/hooks';
import type { RefObject } from 'preact';

/**
 * The toolkit's text field and text area overwrite `aria-label` in connectedCallback (with their
 * text content, or "Text field"), which runs after Preact has set ours. Re-apply it once the
 * element is in the document so screen readers hear the real name.
 */
export function useAriaLabel(ref: RefObject<HTMLElement | null>, label: string, deps: Inputs = []): void {
  useLayoutEffect(() => {
    if (ref.current && ref.current.getAttribute('aria-label') !== label) ref.current.setAttribute('aria-label', label);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [label, ...deps]);
}

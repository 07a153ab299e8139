// Hands the ReviewHub to review views, and re-renders a view when the review changes.
import { createContext, h, type ComponentChildren } from 'preact';
import { useContext, useEffect, useReducer } from 'preact/hooks';
import type { ReviewHub } from './reviewHub';

const ReviewContext = createContext<ReviewHub | null>(null);

export function ReviewProvider({ hub, children }: { hub: ReviewHub; children: ComponentChildren }) {
  // h() rather than JSX: preact 11's Provider type trips TS's JSX element check (see hostContext).
  return h(ReviewContext.Provider, { value: hub }, children);
}

/** The review hub; the component re-renders whenever the watched review changes. */
export function useReviewHub(): ReviewHub {
  const hub = useContext(ReviewContext);
  if (!hub) throw new Error('useReviewHub() outside <ReviewProvider>');
  const [, bump] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => hub.subscribe(bump), [hub]);
  return hub;
}

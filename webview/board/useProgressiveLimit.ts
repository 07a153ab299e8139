// First render shows the top of every column at once and the rest one frame later, so a board
// of thousands of cards paints quickly (the 2,000-card budget is 300 ms). Later renders are whole.
import { useEffect, useState } from 'preact/hooks';

export const FIRST_PAINT_CARDS_PER_COLUMN = 40;

export function useProgressiveLimit(): number {
  const [limit, setLimit] = useState(FIRST_PAINT_CARDS_PER_COLUMN);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the first frame is painted: rAF runs before paint, the timeout after it.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLimit(Infinity));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return limit;
}

// Where a popup menu goes: below its anchor, right edges aligned; above it when it does not fit
// below and does above; always inside the view, scrolling itself when taller than the view.

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface MenuSpot {
  top: number;
  left: number;
  maxHeight: number;
  placement: 'below' | 'above';
}

const MARGIN = 4;
const GAP = 2;
const MAX_HEIGHT = 320;

export function placeMenu(anchor: Box, menu: { width: number; height: number }, view: { width: number; height: number }): MenuSpot {
  const maxHeight = Math.max(0, Math.min(MAX_HEIGHT, view.height - 2 * MARGIN));
  const height = Math.min(menu.height, maxHeight);
  const below = anchor.bottom + GAP;
  const above = anchor.top - GAP - height;
  let top: number;
  let placement: MenuSpot['placement'] = 'below';
  if (below + height <= view.height - MARGIN) top = below;
  else if (above >= MARGIN) {
    top = above;
    placement = 'above';
  } else top = Math.max(MARGIN, view.height - MARGIN - height);
  const left = Math.min(Math.max(MARGIN, anchor.right - menu.width), Math.max(MARGIN, view.width - MARGIN - menu.width));
  return { top, left, maxHeight, placement };
}

// One click (the card's tier button or chip) or the T key steps a card's model tier: A → B → C → A.
import type { Tier } from '../../src/protocol/model';

export const NEXT_TIER: Readonly<Record<Tier, Tier>> = { A: 'B', B: 'C', C: 'A' };

// Types of scripts/testLayers.mjs for the TypeScript test that imports it.
export interface LayerOutcome {
  passed: number;
  failed: number;
  pending: number;
  line: string;
}
export declare function mochaCount(text: string, word: string): number;
export declare function layerOutcome(name: string, code: number, tail: string): LayerOutcome;
export declare function closingLine(totals: { passed: number; failed: number; pending: number }): string;
export declare function formatSeconds(ms: number): string;
export declare function failureLines(text: string): string[];
/** Runs a layer's command in its own process group; kills it when it outlives its summary or its cap. */
export declare function runLayer(cmd: string[], opts: { limitMin: number; settleMs?: number; settles?: boolean; out?: { write(d: unknown): unknown } }): Promise<{ code: number; tail: string; why?: string }>;

// Types for scripts/demo-workspace.mjs (plain Node, imported by the unit tests).
export function defaultDemoFolder(): string;
export const DEMO_COLUMNS: ReadonlyArray<{ id: string; title: string }>;
export function sampleBoard(now?: Date): { schemaVersion: number; columns: Array<{ id: string; title: string }>; tasks: Array<Record<string, unknown>> };
export function demoSettings(): Record<string, unknown>;
export function createDemoWorkspace(folder?: string, opts?: { reset?: boolean; board?: unknown; commit?: boolean; automation?: boolean; history?: boolean; background?: boolean }): Promise<string>;

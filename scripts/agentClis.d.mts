// Types of scripts/agentClis.mjs for the TypeScript tests that import it.
export declare const AGENTS_DIR: string;
export declare const AGENT_BINARIES: readonly string[];
export declare function agentInstallNeeded(dir?: string, binaries?: readonly string[]): string | undefined;
export declare function withoutEngineWarnings(text: string): string;
export declare function ensureAgentClis(options?: { dir?: string; log?: (line: string) => void }): Promise<string>;

// Types of scripts/cliBundle.cjs for the TypeScript tests that require it.
import type * as esbuild from 'esbuild';
export declare const cliCoreOptions: esbuild.BuildOptions & { entryPoints: Record<string, string> };
export declare function buildCliEntrySync(
  build: typeof esbuild,
  options: { outdir: string; minify?: boolean; sourcemap?: boolean | 'linked'; answers?: boolean; absWorkingDir?: string },
): void;
/** Rewrites a built bundle as pure ASCII (a non-ASCII comment makes V8 keep a two-byte source). */
export declare function asciiOnly(file: string): void;

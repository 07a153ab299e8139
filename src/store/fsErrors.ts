/** The errno code of a Node fs error ('ENOENT', 'EEXIST', ...), or undefined for anything else. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

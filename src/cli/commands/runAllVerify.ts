// The checks after each of run-all's runs, from .viban/settings.json `verify`.
import type { FolderRuntime } from '../../app/folderRuntime';
import { createRunVerifier } from '../../app/verifyRuns';
import type { VerifySettings } from '../../verify/verifySettings';
import type { CliContext } from '../context';

export function graphVerifier(_ctx: CliContext, runtime: FolderRuntime, settings: VerifySettings | undefined) {
  return createRunVerifier(runtime, () => settings);
}

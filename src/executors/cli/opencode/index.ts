export { opencodeAdapter, createOpencodeExecutor } from './opencodeAdapter';
export { buildOpencodeArgs, buildOpencodeCommand, opencodePermission } from './opencodeCommand';
export { OpencodeJsonNormalizer } from './opencodeJsonNormalizer';
export { checkOpencodeLogin } from './opencodeAuth';
export { describeOpencodeError, explainOpencodeFailure, OPENCODE_NOT_LOGGED_IN } from './opencodeErrors';

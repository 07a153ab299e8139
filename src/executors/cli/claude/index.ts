export { claudeCodeAdapter, createClaudeCodeExecutor } from './claudeAdapter';
export { buildClaudeArgs, buildClaudeCommand, claudePermissionArgs } from './claudeCommand';
export { ClaudeStreamNormalizer, normalizeClaudeTranscript, type PendingApproval } from './claudeStreamJson';
export { ClaudeStdinSession, userMessageLine } from './claudeStdin';
export { checkClaudeLogin, NOT_LOGGED_IN } from './claudeAuth';
export { explainClaudeFailure, FULL_AUTO_AS_ROOT } from './claudeErrors';

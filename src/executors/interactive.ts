// The command that opens an agent's own interactive UI (its TUI) for "Open in Terminal".
// Each CLI resumes its own session when we know the id; otherwise it starts on the prompt.

export interface InteractiveRequest {
  executorId: string;
  executablePath: string;
  prompt?: string;
  resumeSessionId?: string;
}

export function interactiveArgs(req: InteractiveRequest): string[] {
  const { prompt, resumeSessionId: id } = req;
  switch (req.executorId) {
    case 'claude-code':
      return id ? [`--resume=${id}`] : prompt ? [prompt] : [];
    case 'codex':
      return id ? ['resume', id] : prompt ? [prompt] : [];
    case 'gemini':
      return id ? ['--resume', id] : prompt ? ['--prompt-interactive', prompt] : [];
    case 'opencode':
      return id ? ['--session', id] : prompt ? ['--prompt', prompt] : [];
    default:
      throw new Error(`"${req.executorId}" has no interactive mode; run it from the board instead.`);
  }
}

export const INTERACTIVE_EXECUTORS = new Set(['claude-code', 'codex', 'gemini', 'opencode']);

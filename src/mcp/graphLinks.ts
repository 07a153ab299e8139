// The task graph's own rules (src/graph/), as the MCP tools use them: one implementation of
// links and cycle checks for the board, the command line and agents.
export { blockedByOf, GraphCycleError, linkTasks, unlinkTasks } from '../graph';

// .viban/events.jsonl: every card move (from, to, by whom or which run, why), append-only — the
// card's history. One JSON object a line; a line that does not parse is skipped, never fatal.
import { promises as fs } from 'node:fs';
import { MoveEventSchema, type MoveEvent } from '../../protocol/automation';
import { automationPaths } from './paths';

export class EventLog {
  readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly root: string) {
    this.file = automationPaths(root).events;
  }

  /** Appends in call order (one O_APPEND write a line, so concurrent processes never interleave a line). */
  append(event: MoveEvent): Promise<void> {
    const line = JSON.stringify(MoveEventSchema.parse(event)) + '\n';
    const write = async () => {
      await fs.mkdir(automationPaths(this.root).dir, { recursive: true });
      await fs.appendFile(this.file, line, 'utf8');
    };
    const p = this.chain.then(write, write);
    this.chain = p.catch(() => undefined);
    return p;
  }

  async read(filter?: { taskId?: string }): Promise<MoveEvent[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    const events: MoveEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = MoveEventSchema.safeParse(JSON.parse(line));
        if (parsed.success && (!filter?.taskId || parsed.data.taskId === filter.taskId)) events.push(parsed.data);
      } catch {
        // a torn or hand-mangled line: the rest of the history is still worth showing
      }
    }
    return events;
  }
}

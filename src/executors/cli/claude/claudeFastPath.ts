// About half of a Claude stream's lines (and of its bytes) log nothing: the stop, message_delta,
// tool-input and signature deltas, the block/message starts (which only set ids), and the status /
// thinking-token ticks. The CLI writes them with a fixed key order, so an exact prefix identifies
// them; for those the ids are read off the line and the JSON.parse is saved. A line that differs
// in any way (other key order, no closing brace: truncated, an escaped id) is not recognised and
// takes the full parse, so the outcome is always what parsing would give (claudeFastPath.test.ts).

/** A recognised line: nothing to log, at most ids to remember. */
export type BookkeepingLine =
  | { kind: 'skip' }
  | { kind: 'message_start'; messageId: string }
  | { kind: 'block_start'; messageId: string; index: number; type: string };

const SKIP: BookkeepingLine = Object.freeze({ kind: 'skip' });

/** What `line` is, when it is one of the bookkeeping lines; undefined for everything else. */
export function bookkeepingLine(line: string): BookkeepingLine | undefined {
  if (line.charCodeAt(line.length - 1) !== CLOSE_BRACE) return undefined;
  if (!line.startsWith(STREAM_EVENT)) return line.startsWith(THINKING_TOKENS) || line.startsWith(STATUS_REQUESTING) ? SKIP : undefined;
  const end = line.indexOf('"', STREAM_EVENT.length);
  switch (line.slice(STREAM_EVENT.length, end)) {
    case 'content_block_stop':
    case 'message_stop':
    case 'message_delta':
    case 'ping':
      return SKIP;
    case 'content_block_delta': {
      const delta = afterIndex(line, end + 1, '"delta":{"type":"');
      return delta > 0 && (line.startsWith('input_json_delta"', delta) || line.startsWith('signature_delta"', delta)) ? SKIP : undefined;
    }
    case 'message_start': {
      if (!line.startsWith(MESSAGE_ID, end)) return undefined;
      const from = end + MESSAGE_ID.length;
      const to = line.indexOf('"', from);
      if (to <= from || line.charCodeAt(to - 1) === BACKSLASH) return undefined;
      return { kind: 'message_start', messageId: line.slice(from, to) };
    }
    case 'content_block_start':
      return blockStart(line, end + 1);
    default:
      return undefined;
  }
}

/** `,"index":N,"content_block":{"type":"T"` at `from`, and the message id as the line's last key. */
function blockStart(line: string, from: number): BookkeepingLine | undefined {
  if (!line.startsWith(',"index":', from)) return undefined;
  let i = from + ',"index":'.length;
  let index = 0;
  const digitsFrom = i;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) index = index * 10 + (c - 48);
  if (i === digitsFrom || !line.startsWith(BLOCK_TYPE, i)) return undefined;
  const typeFrom = i + BLOCK_TYPE.length;
  const typeTo = line.indexOf('"', typeFrom);
  const idKey = line.lastIndexOf(API_MESSAGE_ID);
  // The id must be the last thing on the line: `..."api_message_id":"msg_x"}`.
  if (typeTo <= typeFrom || idKey < 0 || line.indexOf('"', idKey + API_MESSAGE_ID.length) !== line.length - 2) return undefined;
  const messageId = line.slice(idKey + API_MESSAGE_ID.length, line.length - 2);
  const type = line.slice(typeFrom, typeTo);
  if (!messageId || messageId.includes('\\') || type.includes('\\')) return undefined;
  return { kind: 'block_start', messageId, index, type };
}

/** Where `key` ends right after `,"index":N,` at `from`, or -1. */
function afterIndex(line: string, from: number, key: string): number {
  if (!line.startsWith(',"index":', from)) return -1;
  let i = from + ',"index":'.length;
  const digitsFrom = i;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i));
  if (i === digitsFrom || line.charCodeAt(i) !== 44 /* , */ || !line.startsWith(key, i + 1)) return -1;
  return i + 1 + key.length;
}

const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;
const STREAM_EVENT = '{"type":"stream_event","event":{"type":"';
const MESSAGE_ID = '","message":{"id":"';
const BLOCK_TYPE = ',"content_block":{"type":"';
const API_MESSAGE_ID = ',"api_message_id":"';
const THINKING_TOKENS = '{"type":"system","subtype":"thinking_tokens",';
const STATUS_REQUESTING = '{"type":"system","subtype":"status","status":"requesting",';

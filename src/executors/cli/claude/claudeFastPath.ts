// Most of a Claude stream's lines have one of a few shapes that the CLI always writes with the
// same key order, so an exact prefix identifies them and the few values that matter are read
// straight off the line, without a JSON.parse of the whole envelope (which is most of each line):
// - bookkeeping that logs nothing: the stops, message_delta, tool-input and signature deltas, the
//   block/message starts (which only set ids), and the status / thinking-token ticks;
// - text and thinking deltas: the block's index, the message id and the text;
// - a full text, thinking or tool-call block (the `assistant` line that follows a block's deltas);
// - a tool result (`user` line with one tool_result block whose content is a string).
// A line that differs in any way (other key order, more blocks, no closing brace: truncated, an
// escaped id, an error flag) is not recognised and takes the full parse, so the outcome is always
// what parsing would give (claudeFastPath.test.ts runs both paths side by side).

/** A recognised line. */
export type KnownLine =
  | { kind: 'skip' }
  | { kind: 'message_start'; messageId: string }
  | { kind: 'block_start'; messageId: string; index: number; type: string }
  | { kind: 'delta'; messageId: string; index: number; type: 'text' | 'thinking'; text: string }
  | { kind: 'full_block'; messageId: string; type: 'text' | 'thinking'; text: string }
  /** `inputJson`: the input exactly as the line spells it, when it can be written to the log as is. */
  | { kind: 'tool_call'; messageId: string; toolUseId: string; name: string; input: unknown; inputJson: string | undefined }
  /** `literal`: the output exactly as the line spells it, when it can be written to the log as is. */
  | { kind: 'tool_result'; toolUseId: string; output: string; isError: boolean; literal: string | undefined };

const SKIP: KnownLine = Object.freeze({ kind: 'skip' });

/** What `line` is, when it has one of the known shapes; undefined for everything else. */
export function knownLine(line: string): KnownLine | undefined {
  if (line.charCodeAt(line.length - 1) !== CLOSE_BRACE) return undefined;
  if (!has(line, STREAM_EVENT, 0)) {
    if (has(line, ASSISTANT, 0)) return fullBlock(line);
    if (has(line, TOOL_RESULT, 0)) return toolResult(line);
    return has(line, THINKING_TOKENS, 0) || has(line, STATUS_REQUESTING, 0) ? SKIP : undefined;
  }
  const end = line.indexOf('"', STREAM_EVENT.length);
  switch (line.slice(STREAM_EVENT.length, end)) {
    case 'content_block_stop':
    case 'message_stop':
    case 'message_delta':
    case 'ping':
      return SKIP;
    case 'content_block_delta':
      return delta(line, end + 1);
    case 'message_start': {
      if (!has(line, MESSAGE_ID, end)) return undefined;
      const from = end + MESSAGE_ID.length;
      const to = line.indexOf('"', from);
      const messageId = line.slice(from, to);
      return to > from && plain(messageId) ? { kind: 'message_start', messageId } : undefined;
    }
    case 'content_block_start':
      return blockStart(line, end + 1);
    default:
      return undefined;
  }
}

/** `,"index":N,"delta":{"type":"T_delta",...}}` at `from`; text and thinking deltas need the message id as the line's last key. */
function delta(line: string, from: number): KnownLine | undefined {
  const index = indexAt(line, from);
  if (index < 0 || !has(line, DELTA_TYPE, indexEnd)) return undefined;
  let i = indexEnd + DELTA_TYPE.length;
  if (has(line, 'input_json_delta"', i) || has(line, 'signature_delta"', i)) return SKIP;
  let type: 'text' | 'thinking';
  if (has(line, TEXT_DELTA, i)) (type = 'text'), (i += TEXT_DELTA.length);
  else if (has(line, THINKING_DELTA, i)) (type = 'thinking'), (i += THINKING_DELTA.length);
  else return undefined;
  const close = stringEnd(line, i);
  if (close < 0 || !has(line, '"}},', close)) return undefined;
  const messageId = lastKeyValue(line, API_MESSAGE_ID);
  const text = messageId === undefined ? undefined : decode(line.slice(i, close));
  return text === undefined ? undefined : { kind: 'delta', messageId: messageId!, index, type, text };
}

/**
 * `{"type":"assistant","message":{"id":"M",<flat keys>,"content":[{"type":"text","text":"…"}],…}`
 * (or one thinking block with its signature, or one tool call), and no error flag after it.
 */
function fullBlock(line: string): KnownLine | undefined {
  const idFrom = ASSISTANT.length;
  const idTo = line.indexOf('"', idFrom);
  const contentAt = line.indexOf(CONTENT_BLOCK, idTo);
  if (idTo <= idFrom || contentAt < 0) return undefined;
  const messageId = line.slice(idFrom, idTo);
  // Only plain keys between the id and the content: no object or array the content key could be inside.
  const between = line.slice(idTo, contentAt);
  if (!plain(messageId) || between.includes('{') || between.includes('[')) return undefined;
  let i = contentAt + CONTENT_BLOCK.length;
  let type: 'text' | 'thinking';
  if (has(line, TEXT_BLOCK, i)) (type = 'text'), (i += TEXT_BLOCK.length);
  else if (has(line, THINKING_BLOCK, i)) (type = 'thinking'), (i += THINKING_BLOCK.length);
  else if (has(line, TOOL_BLOCK, i)) return toolCall(line, messageId, i + TOOL_BLOCK.length);
  else return undefined;
  const close = stringEnd(line, i);
  if (close < 0) return undefined;
  let after = close + 1;
  if (type === 'thinking') {
    if (!has(line, SIGNATURE, after)) return undefined;
    const sigEnd = stringEnd(line, after + SIGNATURE.length);
    if (sigEnd < 0) return undefined;
    after = sigEnd + 1;
  }
  // The CLI's own failures come as assistant lines flagged `error` / `is_api_error_message`.
  if (!has(line, '}],', after) || line.includes('error', after)) return undefined;
  const text = decode(line.slice(i, close));
  return text === undefined ? undefined : { kind: 'full_block', messageId, type, text };
}

/** `"toolu_x","name":"N","input":{…}}],` from `from` (just after the tool_use's `"id":"`). */
function toolCall(line: string, messageId: string, from: number): KnownLine | undefined {
  const idTo = line.indexOf('"', from);
  if (idTo <= from || !has(line, TOOL_NAME, idTo)) return undefined;
  const nameFrom = idTo + TOOL_NAME.length;
  const nameTo = line.indexOf('"', nameFrom);
  if (nameTo <= nameFrom || !has(line, TOOL_INPUT, nameTo)) return undefined;
  const inputFrom = nameTo + TOOL_INPUT.length;
  // The first `}],"stop_reason":` after the input. One inside the input would close an array the
  // input opened, so the text cut there would not parse: a parse that succeeds cut in the right place.
  const end = line.indexOf(INPUT_END, inputFrom);
  if (end < 0 || line.includes('error', end)) return undefined;
  const toolUseId = line.slice(from, idTo);
  const name = line.slice(nameFrom, nameTo);
  if (!plain(toolUseId) || !plain(name) || line.charCodeAt(inputFrom) !== 0x7b /* { */) return undefined;
  const inputJson = line.slice(inputFrom, end);
  let input: unknown;
  try {
    input = JSON.parse(inputJson);
  } catch {
    return undefined;
  }
  return { kind: 'tool_call', messageId, toolUseId, name, input, inputJson: reusable(inputJson) ? inputJson : undefined };
}

/** `{"type":"user","message":{"role":"user","content":[{"tool_use_id":"T","type":"tool_result","content":"…"[,"is_error":B]}]},…` */
function toolResult(line: string): KnownLine | undefined {
  const idFrom = TOOL_RESULT.length;
  const idTo = line.indexOf('"', idFrom);
  if (idTo <= idFrom || !has(line, RESULT_CONTENT, idTo)) return undefined;
  const toolUseId = line.slice(idFrom, idTo);
  if (!plain(toolUseId)) return undefined;
  const from = idTo + RESULT_CONTENT.length;
  const close = stringEnd(line, from);
  if (close < 0) return undefined;
  let after = close + 1;
  let isError = false;
  if (has(line, ',"is_error":true', after)) (isError = true), (after += ',"is_error":true'.length);
  else if (has(line, ',"is_error":false', after)) after += ',"is_error":false'.length;
  // One block, and not the echo of a user turn (`isReplay`, which logs nothing).
  if (!has(line, '}]},', after) || line.includes('"isReplay"', after)) return undefined;
  const literal = line.slice(from, close);
  const output = decode(literal);
  if (output === undefined) return undefined;
  return { kind: 'tool_result', toolUseId, output, isError, literal: reusable(literal) ? literal : undefined };
}

/**
 * Whether `line` has `text` at `at`. Lines are slices of the chunk they were read in, and on those
 * `startsWith` costs several times a slice and compare (measured: ~320 vs ~75 ns a line).
 */
function has(line: string, text: string, at: number): boolean {
  return line.slice(at, at + text.length) === text;
}

/** Where the string whose body starts at `from` ends (its closing quote), or -1. */
function stringEnd(line: string, from: number): number {
  for (let q = line.indexOf('"', from); q !== -1; q = line.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (line.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/** A raw control character, which JSON does not allow inside a string (a parse would reject the line). */
const CONTROL = /[\u0000-\u001f]/;

/** An id or name read off the line: used as is, so no escape and nothing a parse would reject. */
function plain(value: string): boolean {
  return !value.includes('\\') && !CONTROL.test(value);
}

/** A string literal's value (undefined when it is not valid JSON). Without escapes it is itself. */
function decode(body: string): string | undefined {
  if (!body.includes('\\')) return CONTROL.test(body) ? undefined : body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/**
 * Whether a literal can go to the log as the agent spelled it. The redactor reads the log's text,
 * so a key spelled with \u escapes (`\u0073k-…`) would slip past it where the decoded text would
 * not: only the escapes JSON.stringify itself makes for control characters are accepted.
 */
function reusable(body: string): boolean {
  for (let u = body.indexOf('\\u'); u !== -1; u = body.indexOf('\\u', u + 2)) {
    if (!has(body, '00', u + 2) || (body.charCodeAt(u + 4) !== 48 && body.charCodeAt(u + 4) !== 49)) return false;
  }
  return true;
}

/** The value of `key` when it is the line's last key: `…<key>VALUE"}`. */
function lastKeyValue(line: string, key: string): string | undefined {
  const at = line.lastIndexOf(key);
  if (at < 0 || line.indexOf('"', at + key.length) !== line.length - 2) return undefined;
  const value = line.slice(at + key.length, line.length - 2);
  return value && plain(value) ? value : undefined;
}

/** `,"index":N,"content_block":{"type":"T"` at `from`, and the message id as the line's last key. */
function blockStart(line: string, from: number): KnownLine | undefined {
  const index = indexAt(line, from);
  if (index < 0 || !has(line, BLOCK_TYPE, indexEnd)) return undefined;
  const typeFrom = indexEnd + BLOCK_TYPE.length;
  const typeTo = line.indexOf('"', typeFrom);
  const messageId = lastKeyValue(line, API_MESSAGE_ID);
  const type = line.slice(typeFrom, typeTo);
  if (typeTo <= typeFrom || messageId === undefined || !plain(type)) return undefined;
  return { kind: 'block_start', messageId, index, type };
}

/** Where the digits read by the last `indexAt` ended (one result without an object per line). */
let indexEnd = 0;

/** N of `,"index":N` at `from` (its end in `indexEnd`), or -1. */
function indexAt(line: string, from: number): number {
  if (!has(line, ',"index":', from)) return -1;
  let i = from + ',"index":'.length;
  let index = 0;
  const digitsFrom = i;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) index = index * 10 + (c - 48);
  indexEnd = i;
  return i === digitsFrom ? -1 : index;
}

const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;
const STREAM_EVENT = '{"type":"stream_event","event":{"type":"';
const MESSAGE_ID = '","message":{"id":"';
const BLOCK_TYPE = ',"content_block":{"type":"';
const API_MESSAGE_ID = ',"api_message_id":"';
const DELTA_TYPE = ',"delta":{"type":"';
const TEXT_DELTA = 'text_delta","text":"';
const THINKING_DELTA = 'thinking_delta","thinking":"';
const ASSISTANT = '{"type":"assistant","message":{"id":"';
const CONTENT_BLOCK = ',"content":[{"type":"';
const TEXT_BLOCK = 'text","text":"';
const THINKING_BLOCK = 'thinking","thinking":"';
const SIGNATURE = ',"signature":"';
const TOOL_BLOCK = 'tool_use","id":"';
const TOOL_NAME = '","name":"';
const TOOL_INPUT = '","input":';
const INPUT_END = '}],"stop_reason":';
const TOOL_RESULT = '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"';
const RESULT_CONTENT = '","type":"tool_result","content":"';
const THINKING_TOKENS = '{"type":"system","subtype":"thinking_tokens",';
const STATUS_REQUESTING = '{"type":"system","subtype":"status","status":"requesting",';

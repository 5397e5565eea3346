// How a tool call reads on its card: its status in words, its arguments laid out.
import { TOOL_STATUS } from '../../state/reply/toolCalls'
import { formatSeconds } from '../../utils/format'

export const STATUS_LABELS = {
  [TOOL_STATUS.running]: 'Running…',
  [TOOL_STATUS.waiting]: 'Waiting for you',
  [TOOL_STATUS.done]: 'Done',
  [TOOL_STATUS.error]: 'Error',
  [TOOL_STATUS.denied]: 'Denied',
  [TOOL_STATUS.stopped]: 'Stopped',
}

/** The arguments the model wrote, pretty-printed when they are JSON; else as written (the model
 * may write JSON that does not parse, and the backend tells it so: the card shows what it wrote). */
export function prettyArguments(text) {
  if (!text) return '{}'
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** "12 ms", "1.5 s": how long the tool ran; empty for a call that never ran. */
export const durationOf = (call) => formatSeconds(call.duration_ms)

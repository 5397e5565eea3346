// A reply's tool calls as the stream tells them, and the steps they make with its text. The
// backend stores a finished reply as `steps` ([{type: 'text', text} | {type: 'tool_call', …}]);
// while it is written, the page keeps its text whole (flushed once per frame, replyText.js) and
// each call with `at`, how much of the text came before it, so the same steps can be cut from it.

/** Where a call is, for its card: the stored statuses, and two only a reply in progress has. */
export const TOOL_STATUS = Object.freeze({
  running: 'running', // announced, or allowed: the backend runs it
  waiting: 'waiting', // its tool asks first: the reply waits for the user's decision
  done: 'done',
  error: 'error',
  denied: 'denied',
  stopped: 'stopped',
})

/** The statuses a stored step (and a `tool_result`'s `outcome`) may have. */
const STORED_STATUSES = [TOOL_STATUS.done, TOOL_STATUS.error, TOOL_STATUS.denied, TOOL_STATUS.stopped]

/** A call as its `tool_call` event announced it, `at` characters into the reply's text. */
export function announcedCall(data, at) {
  return {
    type: 'tool_call',
    id: data.id,
    name: data.name,
    server: data.server ?? null,
    arguments: data.arguments ?? '',
    status: TOOL_STATUS.running,
    result: null,
    duration_ms: null,
    asked: false, // whether its tool asked the user first
    at,
  }
}

/**
 * The status a `tool_result` gives a call: its `outcome`, the stored step's status. A backend
 * older than that key says only whether it is an error: a call that asked and got no duration
 * never ran, so it was declined (every call that was allowed runs, and so has a duration).
 */
export function answeredStatus(call, result) {
  if (STORED_STATUSES.includes(result.outcome)) return result.outcome
  if (call.status === TOOL_STATUS.denied) return TOOL_STATUS.denied
  if (!result.is_error) return TOOL_STATUS.done
  return call.asked && result.duration_ms == null ? TOOL_STATUS.denied : TOOL_STATUS.error
}

/** The reply in progress as steps, like a stored reply's: its text cut where each call came.
 * Null when it called no tool (its text is then simply its content). */
export function stepsOfReply(text, calls) {
  if (!calls.length) return null
  const steps = []
  let from = 0
  for (const { at, asked: _asked, ...call } of calls) {
    if (at > from) steps.push({ type: 'text', text: text.slice(from, at) })
    steps.push(call)
    from = Math.max(from, at)
  }
  if (text.length > from) steps.push({ type: 'text', text: text.slice(from) })
  return steps
}

// The reply's wire, as the page reads it: the names of the events a reply stream sends, and how
// its end is told. The backend defines the same names; a test compares the two lists. Plain data,
// no imports: that test reads this file with node.

/** Every event a reply stream may send. */
export const REPLY_EVENTS = Object.freeze({
  start: 'start',
  reasoning: 'reasoning',
  message: 'message',
  toolCall: 'tool_call',
  toolApproval: 'tool_approval',
  toolDecided: 'tool_decided',
  toolResult: 'tool_result',
  done: 'done',
  error: 'error',
})

/** How `done` says the reply ended: written to the end, or stopped by the user. */
export const DONE_STATUSES = Object.freeze({ completed: 'completed', stopped: 'stopped' })

/** The stored message's status for a reply that ended with `done` of this status. */
export function messageStatusFor(doneStatus) {
  return doneStatus === DONE_STATUSES.stopped ? 'stopped' : 'complete'
}

import { useEffect, useState } from 'react'
import { CURSOR_CLASS } from '../markdown/cursor'

// A reply that has said nothing for this long says what it is waiting for (a long prompt being
// read); a model being loaded says so at once.
const QUIET_AFTER_MS = 2000

/**
 * Before a reply's first token: the cursor, and once it takes a while the reason with the
 * seconds it has taken: "Loading model-x… 12 s" while LM Studio loads the model (minutes for a
 * large one), else "Reading the conversation… 5 s" while it processes the prompt.
 */
const ReplyWaiting = ({ since, modelState, model }) => {
  const [now, setNow] = useState(() => performance.now())
  useEffect(() => {
    if (since == null) return undefined
    const timer = setInterval(() => setNow(performance.now()), 1000)
    return () => clearInterval(timer)
  }, [since])

  const elapsed = since == null ? 0 : Math.max(0, now - since)
  const seconds = Math.floor(elapsed / 1000)
  const isLoading = modelState === 'not-loaded'
  const text = isLoading
    ? `Loading ${model ?? 'the model'}… ${seconds} s`
    : elapsed >= QUIET_AFTER_MS
      ? `Reading the conversation… ${seconds} s`
      : null

  return (
    <span className="inline-flex items-center gap-2 text-sm text-gray-400" data-testid="reply-waiting">
      <span className={CURSOR_CLASS} data-testid="cursor" aria-hidden="true" />
      {text && <span className="tabular-nums">{text}</span>}
    </span>
  )
}

export default ReplyWaiting

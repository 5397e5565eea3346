export const REFUSAL_ID = 'message-refusal'
export const COUNTER_ID = 'message-counter'

/**
 * Under the box: why the message was not sent (`refusal`), or that it waits for the reply to end
 * (`isQueued`, with `onUnqueue` to take it back); and, near the limit, the characters typed
 * (`length` of `maxChars`, when `showCounter`).
 */
const ComposerStatus = ({ refusal, isQueued, onUnqueue, showCounter, length, maxChars }) => (
  <div className="flex items-start justify-between gap-3 px-1">
    {refusal ? (
      <p id={REFUSAL_ID} role="alert" className="mt-1 text-sm text-red-300">
        {refusal}
      </p>
    ) : isQueued ? (
      <p role="status" className="mt-1 text-sm text-gray-300">
        Your message will be sent when the reply ends.{' '}
        <button
          type="button"
          onClick={onUnqueue}
          className="underline decoration-dotted underline-offset-2 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
        >
          Don’t send
        </button>
      </p>
    ) : (
      <span />
    )}
    {showCounter && (
      <p
        id={COUNTER_ID}
        aria-live="polite"
        className={length > maxChars ? 'mt-1 shrink-0 text-xs font-medium text-red-300' : 'mt-1 shrink-0 text-xs text-gray-300'}
      >
        {length.toLocaleString()} / {maxChars.toLocaleString()}
      </p>
    )}
  </div>
)

export default ComposerStatus

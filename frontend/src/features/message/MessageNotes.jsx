const NoteButton = ({ onClick, children }) => (
  <button
    type="button"
    onClick={onClick}
    className="underline decoration-dotted underline-offset-2 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
  >
    {children}
  </button>
)

const STATUS_NOTES = {
  stopped: 'Stopped before the end',
  interrupted: 'Interrupted',
}

/**
 * What to know about how a stored reply ended: stopped or interrupted (with why, unless
 * `showReason` is off because the error box below says the same), cut at the max-tokens limit
 * (with `onRaiseLimit`), or written from a shortened history. `onContinue`: write on from where
 * it stopped (cut at the limit, or stopped).
 */
const MessageNotes = ({ message, showReason = true, onRaiseLimit, onContinue }) => {
  const note = STATUS_NOTES[message.status]
  return (
    <>
      {note && (
        <p className="mt-2 flex flex-wrap items-center gap-x-2 text-xs text-amber-200" title={message.error || undefined}>
          <span>
            {note}
            {showReason && message.error ? `: ${message.error}` : ''}
          </span>
          {message.finish_reason !== 'length' && onContinue && <NoteButton onClick={onContinue}>Continue</NoteButton>}
        </p>
      )}
      {message.finish_reason === 'length' && (
        <p className="mt-2 flex flex-wrap items-center gap-x-2 text-xs text-amber-200" data-testid="length-note">
          <span>Stopped at the max-tokens limit: the reply may be cut short.</span>
          {onContinue && <NoteButton onClick={onContinue}>Continue</NoteButton>}
          {onRaiseLimit && <NoteButton onClick={onRaiseLimit}>Raise the limit</NoteButton>}
        </p>
      )}
      {message.trimmed_messages > 0 && (
        <p className="mt-2 text-xs text-gray-400" data-testid="trimmed-note">
          Written from a shortened history:{' '}
          {message.trimmed_messages === 1 ? '1 earlier message was' : `${message.trimmed_messages} earlier messages were`}{' '}
          left out to fit the model’s context window.
        </p>
      )}
    </>
  )
}

export default MessageNotes

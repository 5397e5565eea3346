import { ComputerIcon, UserIcon } from './icons'

const STATUS_NOTES = {
  stopped: 'Stopped before the end',
  interrupted: 'Interrupted',
}

/**
 * One stored message: the user's on the right with the gradient, the assistant's on the left.
 * `showReason` is off while the same failure is already shown in the error box below.
 */
const Message = ({ message, showReason = true }) => {
  const isUser = message.role === 'user'
  const note = STATUS_NOTES[message.status]

  return (
    <div className={isUser ? 'mb-4 flex animate-fade-in justify-end' : 'mb-4 flex animate-fade-in justify-start'}>
      <div
        className={
          isUser
            ? 'max-w-[80%] rounded-2xl bg-gradient-to-r from-primary to-secondary px-4 py-3 text-white'
            : 'max-w-[80%] rounded-2xl bg-dark-lighter px-4 py-3 text-gray-100'
        }
        data-role={message.role}
      >
        <div className="flex items-start gap-3">
          <span className="mt-0.5 shrink-0">{isUser ? <UserIcon /> : <ComputerIcon />}</span>
          <div className="min-w-0">
            <div className="whitespace-pre-wrap break-words" data-testid="message-content">
              {message.content}
            </div>
            {note && (
              <p className="mt-2 text-xs text-amber-300" title={message.error || undefined}>
                {note}
                {showReason && message.error ? `: ${message.error}` : ''}
              </p>
            )}
          </div>
        </div>
      </div>
    </div>
  )
}

export default Message

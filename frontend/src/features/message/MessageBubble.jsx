import { ComputerIcon, UserIcon } from '../../ui/icons'

// A row: the user's on the right, the assistant's across the column. A reply that was in progress
// here stays in its row when it is stored (`fadeIn` false): it does not fade in again.
const ROW_CLASSES = {
  user: 'group mb-4 flex animate-fade-in flex-col items-end',
  assistant: 'group mb-4 flex animate-fade-in flex-col items-stretch',
  settledAssistant: 'group mb-4 flex flex-col items-stretch',
}

// The user's bubble has the gradient; the assistant's is the dark card.
const BUBBLE_CLASSES = {
  user: 'max-w-[85%] rounded-2xl bg-gradient-to-r from-primary to-secondary px-4 py-3 text-white ring-offset-2 ring-offset-dark transition-shadow data-[highlighted=true]:ring-2 data-[highlighted=true]:ring-amber-300 sm:max-w-[80%]',
  assistant:
    'rounded-2xl bg-dark-lighter px-3 py-3 text-gray-100 ring-offset-2 ring-offset-dark transition-shadow data-[highlighted=true]:ring-2 data-[highlighted=true]:ring-amber-300 sm:px-4',
}

/**
 * One message's frame, the same for a stored message and a reply in progress: the bubble (with
 * who wrote it, and `children` inside) and `footer` below it. `inProgress`: a reply still being
 * written (a live region, busy). `isHighlighted`: marked a moment (a search opened it).
 */
const MessageBubble = ({ message, inProgress = false, isHighlighted = false, fadeIn = true, footer = null, children }) => {
  const isUser = message.role === 'user'
  return (
    <div
      className={isUser ? ROW_CLASSES.user : fadeIn ? ROW_CLASSES.assistant : ROW_CLASSES.settledAssistant}
      data-message-id={message.id ?? undefined}
    >
      <div
        className={isUser ? BUBBLE_CLASSES.user : BUBBLE_CLASSES.assistant}
        data-highlighted={isHighlighted || undefined}
        data-role={message.role}
        data-testid={inProgress ? 'streaming-message' : undefined}
      >
        <div className="flex items-start gap-3">
          {/* The icons say who wrote what; on a phone the bubbles' places say it, and the text gets the width. */}
          <span className="mt-0.5 hidden shrink-0 sm:block">{isUser ? <UserIcon /> : <ComputerIcon />}</span>
          <div className="min-w-0 flex-1" aria-live={inProgress ? 'polite' : undefined} aria-busy={inProgress || undefined}>
            {children}
          </div>
        </div>
      </div>
      {footer}
    </div>
  )
}

export default MessageBubble

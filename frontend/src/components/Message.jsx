import CopyButton from './CopyButton'
import MarkdownContent from './MarkdownContent'
import MessageEditor from './MessageEditor'
import ThinkingBlock from './ThinkingBlock'
import { ComputerIcon, PencilIcon, RefreshIcon, UserIcon } from './icons'
import { describeStats } from '../utils/format'

const STATUS_NOTES = {
  stopped: 'Stopped before the end',
  interrupted: 'Interrupted',
}

const ACTION_CLASS =
  'flex items-center gap-1 rounded-md px-2 py-1 text-xs text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:cursor-not-allowed disabled:opacity-40'

/**
 * One message: the user's on the right with the gradient (plain text), the assistant's on the
 * left (Markdown), with its thoughts, model and stats. Actions: copy; edit a user message;
 * regenerate the last reply. `canAct` is false while a reply streams.
 * `isStreaming`: the reply is still arriving (pulsing cursor, thoughts open while thinking,
 * no actions yet). `showReason` is off while the same failure is shown in the error box below.
 */
const Message = ({
  message,
  isStreaming = false,
  thoughtMs = null,
  showReason = true,
  canAct = true,
  isEditing = false,
  isHighlighted = false,
  onStartEdit,
  onCancelEdit,
  onSubmitEdit,
  onRegenerate,
}) => {
  const isUser = message.role === 'user'
  const note = STATUS_NOTES[message.status]
  const details = isUser ? [] : [message.model, ...describeStats(message.stats)].filter(Boolean)
  const thoughtFor = message.stats?.reasoning_ms ?? thoughtMs

  return (
    <div
      className={isUser ? 'group mb-4 flex animate-fade-in flex-col items-end' : 'group mb-4 flex animate-fade-in flex-col items-start'}
      data-message-id={message.id ?? undefined}
    >
      <div
        className={
          isUser
            ? 'max-w-[85%] rounded-2xl bg-gradient-to-r from-primary to-secondary px-4 py-3 text-white ring-offset-2 ring-offset-dark transition-shadow data-[highlighted=true]:ring-2 data-[highlighted=true]:ring-amber-300 sm:max-w-[80%]'
            : 'max-w-[85%] rounded-2xl bg-dark-lighter px-4 py-3 text-gray-100 ring-offset-2 ring-offset-dark transition-shadow data-[highlighted=true]:ring-2 data-[highlighted=true]:ring-amber-300 sm:max-w-[80%]'
        }
        data-highlighted={isHighlighted || undefined}
        data-role={message.role}
        data-testid={isStreaming ? 'streaming-message' : undefined}
      >
        <div className="flex items-start gap-3">
          <span className="mt-0.5 shrink-0">{isUser ? <UserIcon /> : <ComputerIcon />}</span>
          <div className="min-w-0 flex-1" aria-live={isStreaming ? 'polite' : undefined} aria-busy={isStreaming || undefined}>
            {!isUser && message.reasoning && (
              <ThinkingBlock
                reasoning={message.reasoning}
                isThinking={isStreaming && !message.content}
                durationMs={thoughtFor}
              />
            )}
            {isEditing ? (
              <MessageEditor initialText={message.content} onSubmit={onSubmitEdit} onCancel={onCancelEdit} />
            ) : isUser ? (
              <div className="whitespace-pre-wrap break-words" data-testid="message-content">
                {message.content}
              </div>
            ) : (
              <div data-testid="message-content">
                {message.content && <MarkdownContent text={message.content} streaming={isStreaming} />}
              </div>
            )}
            {isStreaming && (
              <span className="ml-1 inline-block h-4 w-2 animate-pulse bg-primary align-middle" data-testid="cursor" />
            )}
            {note && (
              <p className="mt-2 text-xs text-amber-200" title={message.error || undefined}>
                {note}
                {showReason && message.error ? `: ${message.error}` : ''}
              </p>
            )}
          </div>
        </div>
      </div>
      {isStreaming && message.model && <span className="mt-1 px-1 text-xs text-gray-400">{message.model}</span>}
      {!isEditing && !isStreaming && (
        <div className="mt-1 flex max-w-[85%] flex-wrap items-center gap-1 px-1 opacity-100 transition-opacity sm:max-w-[80%] md:opacity-0 md:focus-within:opacity-100 md:group-hover:opacity-100">
          {details.length > 0 && (
            <span className="mr-1 text-xs text-gray-400" data-testid="message-details">
              {details.join(' · ')}
            </span>
          )}
          <CopyButton text={message.content} label="Copy" className={ACTION_CLASS} />
          {isUser && onStartEdit && (
            <button type="button" onClick={onStartEdit} disabled={!canAct} className={ACTION_CLASS} aria-label="Edit message">
              <PencilIcon />
              <span aria-hidden="true">Edit</span>
            </button>
          )}
          {onRegenerate && (
            <button type="button" onClick={onRegenerate} disabled={!canAct} className={ACTION_CLASS} aria-label="Regenerate reply">
              <RefreshIcon />
              <span aria-hidden="true">Regenerate</span>
            </button>
          )}
        </div>
      )}
    </div>
  )
}

export default Message

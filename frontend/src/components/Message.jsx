import ActionMenu from './ActionMenu'
import CopyButton from './CopyButton'
import MarkdownContent from './MarkdownContent'
import MessageEditor from './MessageEditor'
import ThinkingBlock from './ThinkingBlock'
import { ChevronLeftIcon, ChevronRightIcon, ComputerIcon, PencilIcon, RefreshIcon, UserIcon } from './icons'
import { describeStats } from '../utils/format'

const STATUS_NOTES = {
  stopped: 'Stopped before the end',
  interrupted: 'Interrupted',
}

const ACTION_CLASS =
  'flex items-center gap-1 rounded-md px-2 py-1 text-xs text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:cursor-not-allowed disabled:opacity-40'

// The sibling arrows are icon-only: at least 24 × 24 px to hit (WCAG 2.2 target size).
const ARROW_CLASS =
  'flex h-7 w-7 items-center justify-center rounded-md text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:cursor-not-allowed disabled:opacity-40'

/** "‹ 2/3 ›": which of the messages with the same parent this is; the arrows show the others. */
const SiblingNav = ({ message, disabled, onSwitch }) => {
  const siblings = message.sibling_ids ?? []
  const at = siblings.indexOf(message.id)
  if (siblings.length < 2 || at < 0) return null
  const noun = message.role === 'user' ? 'version of this message' : 'reply'
  return (
    <span className="flex items-center gap-0.5 text-xs text-gray-300" role="group" aria-label={`${message.role === 'user' ? 'Message' : 'Reply'} ${at + 1} of ${siblings.length}`}>
      <button
        type="button"
        onClick={() => onSwitch(siblings[at - 1])}
        disabled={disabled || at === 0}
        aria-label={`Previous ${noun}`}
        title={`Previous ${noun}`}
        className={ARROW_CLASS}
      >
        <ChevronLeftIcon className="h-4 w-4" />
      </button>
      <span aria-hidden="true" className="tabular-nums">
        {at + 1}/{siblings.length}
      </span>
      <button
        type="button"
        onClick={() => onSwitch(siblings[at + 1])}
        disabled={disabled || at === siblings.length - 1}
        aria-label={`Next ${noun}`}
        title={`Next ${noun}`}
        className={ARROW_CLASS}
      >
        <ChevronRightIcon className="h-4 w-4" />
      </button>
    </span>
  )
}

/**
 * One message: the user's on the right with the gradient (plain text), the assistant's on the
 * left (Markdown), with its thoughts, model and stats. Actions: copy; edit a user message (a new
 * branch); regenerate a reply (a new sibling); switch between siblings; branch into a new
 * conversation; delete it and what follows. `canAct` is false while a reply streams.
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
  editRefusal = null,
  isHighlighted = false,
  onStartEdit,
  onCancelEdit,
  onSubmitEdit,
  onRegenerate,
  onSwitchSibling,
  onFork,
  onDeleteBranch,
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
              <MessageEditor
                initialText={message.content}
                refusal={editRefusal}
                onSubmit={onSubmitEdit}
                onCancel={onCancelEdit}
              />
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
        <div className="mt-1 flex max-w-[85%] flex-wrap items-center gap-1 px-1 sm:max-w-[80%]">
          {onSwitchSibling && <SiblingNav message={message} disabled={!canAct} onSwitch={onSwitchSibling} />}
          <div className="relative flex flex-wrap items-center gap-1 opacity-100 transition-opacity focus-within:z-20 md:opacity-0 md:focus-within:opacity-100 md:group-hover:opacity-100">
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
            {(onFork || onDeleteBranch) && canAct && (
              <ActionMenu
                label="More actions"
                buttonClassName={ACTION_CLASS}
                items={[
                  ...(onFork ? [{ label: 'Branch into a new conversation', onSelect: onFork }] : []),
                  ...(onDeleteBranch
                    ? [{ label: 'Delete this message and what follows', onSelect: onDeleteBranch, danger: true }]
                    : []),
                ]}
              />
            )}
          </div>
        </div>
      )}
    </div>
  )
}

export default Message

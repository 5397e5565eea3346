import ActionMenu from '../ui/ActionMenu'
import MessageAttachments from './attachments/MessageAttachments'
import CopyButton from '../ui/CopyButton'
import MarkdownContent from './MarkdownContent'
import MessageEditor from './MessageEditor'
import ThinkingBlock from './ThinkingBlock'
import UserText from './UserText'
import ReplyWaiting from './ReplyWaiting'
import { ChevronLeftIcon, ChevronRightIcon, ComputerIcon, CopyIcon, PencilIcon, RefreshIcon, UserIcon } from '../ui/icons'
import { useMediaQuery } from '../ui/useMediaQuery'
import { describeStats } from '../utils/format'

const STATUS_NOTES = {
  stopped: 'Stopped before the end',
  interrupted: 'Interrupted',
}

// Tailwind's `sm`: narrower, a reply's details get a line of their own above its actions.
const WIDE_SCREEN = '(min-width: 640px)'

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
  waitingSince = null,
  modelState = null,
  showReason = true,
  canAct = true,
  isEditing = false,
  editRefusal = null,
  isHighlighted = false,
  isLatest = false,
  onStartEdit,
  onCancelEdit,
  onSubmitEdit,
  onRegenerate,
  onSwitchSibling,
  onFork,
  onDeleteBranch,
  onRaiseLimit,
}) => {
  const isUser = message.role === 'user'
  const note = STATUS_NOTES[message.status]
  const details = isUser ? [] : [message.model, ...describeStats(message.stats)].filter(Boolean)
  const detailsText = details.join(' · ')
  const isWide = useMediaQuery(WIDE_SCREEN)
  const thoughtFor = message.stats?.reasoning_ms ?? thoughtMs

  return (
    <div
      className={isUser ? 'group mb-4 flex animate-fade-in flex-col items-end' : 'group mb-4 flex animate-fade-in flex-col items-stretch'}
      data-message-id={message.id ?? undefined}
    >
      <div
        className={
          isUser
            ? 'max-w-[85%] rounded-2xl bg-gradient-to-r from-primary to-secondary px-4 py-3 text-white ring-offset-2 ring-offset-dark transition-shadow data-[highlighted=true]:ring-2 data-[highlighted=true]:ring-amber-300 sm:max-w-[80%]'
            : 'rounded-2xl bg-dark-lighter px-3 py-3 text-gray-100 ring-offset-2 ring-offset-dark transition-shadow data-[highlighted=true]:ring-2 data-[highlighted=true]:ring-amber-300 sm:px-4'
        }
        data-highlighted={isHighlighted || undefined}
        data-role={message.role}
        data-testid={isStreaming ? 'streaming-message' : undefined}
      >
        <div className="flex items-start gap-3">
          {/* The icons say who wrote what; on a phone the bubbles' places say it, and the text gets the width. */}
          <span className="mt-0.5 hidden shrink-0 sm:block">{isUser ? <UserIcon /> : <ComputerIcon />}</span>
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
              <div data-testid="message-content">
                {message.content && <UserText text={message.content} />}
                <MessageAttachments attachments={message.attachments} />
              </div>
            ) : (
              <div data-testid="message-content">
                {message.content ? (
                  <MarkdownContent text={message.content} streaming={isStreaming} />
                ) : (
                  isStreaming && (
                    // Once the model thinks aloud, its thoughts say what it is doing.
                    <ReplyWaiting
                      since={message.reasoning ? null : waitingSince}
                      modelState={message.reasoning ? null : modelState}
                      model={message.model}
                    />
                  )
                )}
              </div>
            )}
            {note && (
              <p className="mt-2 text-xs text-amber-200" title={message.error || undefined}>
                {note}
                {showReason && message.error ? `: ${message.error}` : ''}
              </p>
            )}
            {!isStreaming && message.finish_reason === 'length' && (
              <p className="mt-2 flex flex-wrap items-center gap-x-2 text-xs text-amber-200" data-testid="length-note">
                <span>Stopped at the max-tokens limit: the reply may be cut short.</span>
                {onRaiseLimit && (
                  <button
                    type="button"
                    onClick={onRaiseLimit}
                    className="underline decoration-dotted underline-offset-2 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
                  >
                    Raise the limit
                  </button>
                )}
              </p>
            )}
            {message.trimmed_messages > 0 && (
              <p className="mt-2 text-xs text-gray-400" data-testid="trimmed-note">
                Written from a shortened history: {message.trimmed_messages === 1 ? '1 earlier message was' : `${message.trimmed_messages} earlier messages were`}{' '}
                left out to fit the model’s context window.
              </p>
            )}
          </div>
        </div>
      </div>
      {/* The same rows while the reply streams as after it (the buttons held invisible, the
          details one truncated line on a phone): nothing below the text moves when it ends. */}
      {!isEditing && !isWide && detailsText && (
        <p className="mt-1 truncate px-1 text-xs text-gray-400" title={detailsText} data-testid="message-details">
          {detailsText}
        </p>
      )}
      {!isEditing && (
        <div
          className={
            isUser
              ? 'mt-1 flex min-h-[1.75rem] max-w-[85%] flex-wrap items-center gap-1 px-1 sm:max-w-[80%]'
              : 'mt-1 flex min-h-[1.75rem] flex-wrap items-center gap-1 px-1'
          }
        >
          {onSwitchSibling && <SiblingNav message={message} disabled={!canAct} onSwitch={onSwitchSibling} />}
          {/* Older messages show their details and actions on hover (always on touch screens and
              narrow ones); the latest reply always shows them. */}
          <div
            className={
              isLatest || isStreaming
                ? 'relative flex flex-wrap items-center gap-1 focus-within:z-20'
                : 'relative flex flex-wrap items-center gap-1 opacity-100 transition-opacity focus-within:z-20 md:opacity-0 md:focus-within:opacity-100 md:group-hover:opacity-100 [@media(hover:none)]:opacity-100'
            }
            data-testid={isStreaming ? undefined : 'message-actions'}
          >
            {isWide && detailsText && (
              <span className="mr-1 text-xs text-gray-400" data-testid="message-details">
                {detailsText}
              </span>
            )}
            {isStreaming ? (
              <span className="invisible flex items-center gap-1" aria-hidden="true">
                <span className={ACTION_CLASS}>
                  <CopyIcon />
                  Copy
                </span>
                <span className={ACTION_CLASS}>
                  <RefreshIcon />
                  Regenerate
                </span>
              </span>
            ) : (
              <>
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
              </>
            )}
          </div>
        </div>
      )}
    </div>
  )
}

export default Message

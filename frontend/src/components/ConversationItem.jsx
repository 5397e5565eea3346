import { useState } from 'react'
import { ChatIcon, PencilIcon, TrashIcon } from './icons'

function countLabel(count) {
  return count === 1 ? '1 message' : `${count} messages`
}

const ITEM_ACTION_RENAME =
  'rounded-md p-1.5 text-gray-300 opacity-0 transition-opacity hover:bg-dark-lighter hover:text-white focus:opacity-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary group-hover:opacity-100'
const ITEM_ACTION_DELETE =
  'rounded-md p-1.5 text-gray-300 opacity-0 transition-opacity hover:bg-red-500/20 hover:text-red-300 focus:opacity-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400 group-hover:opacity-100'

/**
 * One conversation in the sidebar: open it; rename it (double-click or the pencil; Enter
 * saves, Escape cancels); delete it (trash on hover or focus). `compact` shows the icon only.
 */
const ConversationItem = ({ conversation, isCurrent, compact, onOpen, onRename, onDelete }) => {
  const [draft, setDraft] = useState(null)
  const isRenaming = draft !== null

  const finishRename = (save) => {
    if (save && draft.trim() && draft.trim() !== conversation.title) onRename(draft.trim())
    setDraft(null)
  }

  if (isRenaming) {
    return (
      <li className="px-1 py-1">
        <input
          autoFocus
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault()
              finishRename(true)
            } else if (event.key === 'Escape') {
              event.preventDefault()
              event.stopPropagation()
              finishRename(false)
            }
          }}
          onBlur={() => finishRename(true)}
          maxLength={200}
          aria-label="Conversation title"
          className="w-full rounded-lg bg-dark px-3 py-2 text-sm text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary"
        />
      </li>
    )
  }

  return (
    <li className="group relative">
      <button
        type="button"
        onClick={onOpen}
        onDoubleClick={compact ? undefined : () => setDraft(conversation.title)}
        aria-current={isCurrent ? 'page' : undefined}
        aria-label={compact ? conversation.title : undefined}
        title={conversation.title}
        className={
          isCurrent
            ? 'flex w-full items-center gap-3 rounded-lg bg-dark-lighter px-3 py-2.5 text-left text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
            : 'flex w-full items-center gap-3 rounded-lg px-3 py-2.5 text-left text-gray-300 transition-colors hover:bg-dark-lighter/60 hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
        }
      >
        <span className="relative shrink-0">
          <ChatIcon />
          {conversation.is_generating && (
            <span className="absolute -right-1 -top-1 h-2 w-2 animate-pulse rounded-full bg-primary" aria-hidden="true" />
          )}
        </span>
        {!compact && (
          <span className="min-w-0 flex-1 pr-14">
            <span className="block truncate text-sm font-medium">{conversation.title}</span>
            <span className={isCurrent ? 'block text-xs text-gray-300' : 'block text-xs text-gray-400'}>
              {countLabel(conversation.message_count)}
            </span>
          </span>
        )}
      </button>
      {!compact && (
        <div className="absolute right-2 top-1/2 flex -translate-y-1/2 gap-0.5">
          <button
            type="button"
            onClick={() => setDraft(conversation.title)}
            aria-label={`Rename conversation ${conversation.title}`}
            title="Rename"
            className={ITEM_ACTION_RENAME}
          >
            <PencilIcon />
          </button>
          <button
            type="button"
            onClick={onDelete}
            aria-label={`Delete conversation ${conversation.title}`}
            title="Delete conversation"
            className={ITEM_ACTION_DELETE}
          >
            <TrashIcon />
          </button>
        </div>
      )}
    </li>
  )
}

export default ConversationItem

import { useRef, useState } from 'react'
import ActionMenu from '../../ui/ActionMenu'
import { ChatIcon } from '../../ui/icons'
import { SHORTCUTS, ariaKeyShortcuts } from '../shortcuts/shortcuts'
import { PinIcon } from '../folders/icons'
import { CONVERSATION_DRAG_TYPE } from '../folders/sections'
import ConversationTitle from './ConversationTitle'
import { badgeClassesFor } from './initials'

const ROW_SHORTCUTS = ariaKeyShortcuts(SHORTCUTS.rename, SHORTCUTS.delete, SHORTCUTS.menu)

function countLabel(count) {
  return count === 1 ? '1 message' : `${count} messages`
}

// The "⋯" menu shows on hover and focus, and always where there is no hover (touch screens):
// never an invisible button a finger can hit.
// focus-within:z-20: an open menu (focus is inside it) paints above the rows below it; the
// holder's transform makes it a stacking context, so the menu's own z-index alone cannot.
const MENU_HOLDER =
  'absolute right-2 focus-within:z-20 top-1/2 -translate-y-1/2 opacity-0 transition-opacity focus-within:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100'
const MENU_BUTTON =
  'rounded-md p-1.5 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'

/**
 * One conversation in the sidebar, one Tab stop: Enter opens it, F2 renames it (or a
 * double-click), Delete deletes it (with Undo), Shift+F10 or the menu key opens its menu of
 * actions (Rename, Pin/Unpin, Move to…, Delete), as does the "⋯" button; on a desktop it can be
 * dragged onto a folder. `compact` shows its badge (`initials`, in its colour) only.
 */
const ConversationItem = ({ conversation, isCurrent, compact, initials, onOpen, onRename, onDelete, onPin, onMove }) => {
  const [draft, setDraft] = useState(null)
  const openMenu = useRef(null)
  const isRenaming = draft !== null

  const finishRename = (save) => {
    if (save && draft.trim() && draft.trim() !== conversation.title) onRename(draft.trim())
    setDraft(null)
  }

  const onKeyDown = (event) => {
    if (compact) return
    if (SHORTCUTS.rename.matches(event)) {
      event.preventDefault()
      setDraft(conversation.title)
    } else if (SHORTCUTS.delete.matches(event)) {
      event.preventDefault()
      onDelete()
    } else if (SHORTCUTS.menu.matches(event)) {
      event.preventDefault()
      openMenu.current?.()
    }
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
    <li
      className="group relative"
      draggable={!compact && Boolean(onMove)}
      onDragStart={(event) => {
        event.dataTransfer.setData(CONVERSATION_DRAG_TYPE, conversation.id)
        event.dataTransfer.effectAllowed = 'move'
      }}
    >
      <button
        type="button"
        onClick={onOpen}
        onDoubleClick={compact ? undefined : () => setDraft(conversation.title)}
        onKeyDown={onKeyDown}
        aria-current={isCurrent ? 'page' : undefined}
        aria-label={compact ? conversation.title : undefined}
        aria-keyshortcuts={compact ? undefined : ROW_SHORTCUTS}
        title={conversation.title}
        className={
          isCurrent
            ? 'flex w-full items-center gap-3 rounded-lg bg-dark-lighter px-3 py-2.5 text-left text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
            : 'flex w-full items-center gap-3 rounded-lg px-3 py-2.5 text-left text-gray-300 transition-colors hover:bg-dark-lighter/60 hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
        }
      >
        <span className="relative shrink-0">
          {compact ? (
            // Collapsed, the rows tell conversations apart by their initials and colour.
            <span className={badgeClassesFor(conversation.id)} aria-hidden="true">
              {initials}
            </span>
          ) : (
            <ChatIcon />
          )}
          {conversation.is_generating && (
            <span className="absolute -right-1 -top-1 h-2 w-2 animate-pulse rounded-full bg-primary" aria-hidden="true" />
          )}
        </span>
        {!compact && (
          <span className="min-w-0 flex-1 pr-8">
            <span className="flex items-center gap-1">
              {conversation.pinned && (
                <span className="shrink-0 text-primary" title="Pinned">
                  <PinIcon />
                </span>
              )}
              <span className="min-w-0 flex-1">
                <ConversationTitle title={conversation.title} />
              </span>
            </span>
            <span className={isCurrent ? 'block text-xs text-gray-300' : 'block text-xs text-gray-400'}>
              {conversation.is_generating ? 'Replying…' : countLabel(conversation.message_count)}
            </span>
          </span>
        )}
      </button>
      {!compact && (
        <div className={MENU_HOLDER}>
          <ActionMenu
            label={`More actions for ${conversation.title}`}
            buttonTabIndex={-1}
            buttonClassName={MENU_BUTTON}
            openRef={openMenu}
            items={[
              { label: 'Rename', onSelect: () => setDraft(conversation.title) },
              ...(onPin ? [{ label: conversation.pinned ? 'Unpin' : 'Pin', onSelect: onPin }] : []),
              ...(onMove ? [{ label: 'Move to…', onSelect: onMove }] : []),
              { label: 'Delete', onSelect: onDelete, danger: true },
            ]}
          />
        </div>
      )}
    </li>
  )
}

export default ConversationItem

import ActionMenu from '../../ui/ActionMenu'
import CopyButton from '../../ui/CopyButton'
import { PencilIcon, RefreshIcon } from '../../ui/icons'

export const ACTION_CLASS =
  'flex items-center gap-1 rounded-md px-2 py-1 text-xs text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:cursor-not-allowed disabled:opacity-40'

/**
 * A stored message's actions: copy; edit a user message (a new branch); regenerate a reply (a new
 * sibling); and in "⋯", branch into a new conversation or delete it and what follows. Those that
 * change the conversation wait while a reply is written (`canAct` false).
 */
const MessageActions = ({ message, canAct, onStartEdit, onRegenerate, onFork, onDeleteBranch }) => (
  <>
    <CopyButton text={message.content} label="Copy" className={ACTION_CLASS} />
    {message.role === 'user' && onStartEdit && (
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
          ...(onDeleteBranch ? [{ label: 'Delete this message and what follows', onSelect: onDeleteBranch, danger: true }] : []),
        ]}
      />
    )}
  </>
)

export default MessageActions

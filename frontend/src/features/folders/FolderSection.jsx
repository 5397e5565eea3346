import { useId, useState } from 'react'
import ActionMenu from '../../ui/ActionMenu'
import { ChevronDownIcon, ChevronRightIcon } from '../../ui/icons'
import FolderNameInput from './FolderNameInput'
import { FolderIcon } from './icons'
import { CONVERSATION_DRAG_TYPE } from './sections'

const HEADER =
  'flex min-w-0 flex-1 items-center gap-2 rounded-lg px-3 py-2 text-left text-sm text-gray-300 hover:bg-dark-lighter/60 hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const HEADER_DROP =
  'flex min-w-0 flex-1 items-center gap-2 rounded-lg bg-primary/20 px-3 py-2 text-left text-sm text-gray-100 ring-2 ring-primary focus:outline-none'
const MENU_BUTTON =
  'rounded-md p-1.5 text-gray-300 opacity-0 hover:bg-dark-lighter hover:text-white focus:opacity-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary group-hover:opacity-100 [@media(hover:none)]:opacity-100'

/**
 * One folder: a header that opens and closes it (the choice is remembered), with its count and a
 * menu (Rename, Delete…); a conversation dragged onto the header is moved into it. `children`:
 * its conversations' rows, shown while it is open.
 */
const FolderSection = ({ folder, count, isOpen, onToggle, onRename, onDelete, onDropConversation, children }) => {
  const [isRenaming, setRenaming] = useState(false)
  const [isDropTarget, setDropTarget] = useState(false)
  const listId = useId()
  const carriesConversation = (event) => event.dataTransfer?.types?.includes(CONVERSATION_DRAG_TYPE)

  if (isRenaming) {
    return (
      <FolderNameInput
        initial={folder.name}
        label="Folder name"
        onSave={async (name) => {
          await onRename(name)
          setRenaming(false)
        }}
        onCancel={() => setRenaming(false)}
      />
    )
  }

  return (
    <section aria-label={`Folder ${folder.name}`} className="mb-1">
      <div
        className="group flex items-center"
        onDragOver={(event) => {
          if (!carriesConversation(event)) return
          event.preventDefault()
          event.dataTransfer.dropEffect = 'move'
          setDropTarget(true)
        }}
        onDragLeave={() => setDropTarget(false)}
        onDrop={(event) => {
          setDropTarget(false)
          const id = event.dataTransfer.getData(CONVERSATION_DRAG_TYPE)
          if (!id) return
          event.preventDefault()
          onDropConversation(id)
        }}
      >
        <button
          type="button"
          aria-expanded={isOpen}
          aria-controls={isOpen ? listId : undefined}
          onClick={onToggle}
          className={isDropTarget ? HEADER_DROP : HEADER}
        >
          {isOpen ? <ChevronDownIcon /> : <ChevronRightIcon className="h-4 w-4" />}
          <FolderIcon />
          <span className="min-w-0 flex-1 truncate">{folder.name}</span>
          <span className="text-xs text-gray-400" aria-label={count === 1 ? '1 conversation' : `${count} conversations`}>
            {count}
          </span>
        </button>
        <ActionMenu
          label={`More actions for folder ${folder.name}`}
          buttonClassName={MENU_BUTTON}
          items={[
            { label: 'Rename', onSelect: () => setRenaming(true) },
            { label: 'Delete…', onSelect: onDelete, danger: true },
          ]}
        />
      </div>
      {isOpen && (
        <ul id={listId} className="ml-4 space-y-1 border-l border-dark-lighter pl-1">
          {children}
          {count === 0 && <li className="px-3 py-1.5 text-xs text-gray-400">Empty: drag a conversation here, or use its Move to…</li>}
        </ul>
      )}
    </section>
  )
}

export default FolderSection

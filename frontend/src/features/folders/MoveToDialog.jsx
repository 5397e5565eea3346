import { useRef, useState } from 'react'
import Modal from '../../ui/Modal'
import ModalHeader from '../../ui/ModalHeader'
import { PRIMARY_BUTTON } from '../settings/buttons'

const OPTION =
  'flex cursor-pointer items-center gap-3 rounded-lg px-3 py-2 text-sm text-gray-200 hover:bg-dark-lighter has-[:checked]:bg-dark-lighter has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-primary'
const NEW = '__new__'

/**
 * Move a conversation into a folder, out of any ("No folder"), or into a new one named here.
 * `onMove(folderId | null)`; `onCreate(name)` answers the new folder (or throws the backend's
 * sentence, shown here).
 */
const MoveToDialog = ({ conversation, folders, onMove, onCreate, onClose }) => {
  const [choice, setChoice] = useState(conversation.folder_id ?? '')
  const [name, setName] = useState('')
  const [problem, setProblem] = useState(null)
  const closeRef = useRef(null)

  const submit = async (event) => {
    event.preventDefault()
    try {
      if (choice === NEW) {
        if (!name.trim()) {
          setProblem('Name the new folder.')
          return
        }
        const folder = await onCreate(name.trim())
        await onMove(folder.id)
      } else {
        await onMove(choice || null)
      }
      onClose()
    } catch (error) {
      setProblem(error.message)
    }
  }

  return (
    <Modal
      labelledBy="move-to-title"
      onClose={onClose}
      closeOnBackdrop
      className="w-full max-w-sm rounded-2xl border border-dark-lighter bg-dark-light p-5 shadow-xl"
    >
      <ModalHeader id="move-to-title" title={`Move “${conversation.title}” to…`} onClose={onClose} closeRef={closeRef} />
      <form onSubmit={submit} className="mt-3">
        <fieldset className="max-h-72 space-y-1 overflow-y-auto">
          <legend className="sr-only">Folder</legend>
          {[{ id: '', name: 'No folder' }, ...folders].map((folder) => (
            <label key={folder.id || 'none'} className={OPTION}>
              <input
                type="radio"
                name="folder"
                value={folder.id}
                checked={choice === folder.id}
                onChange={() => setChoice(folder.id)}
                className="accent-primary"
              />
              {folder.name}
            </label>
          ))}
          <label className={OPTION}>
            <input type="radio" name="folder" value={NEW} checked={choice === NEW} onChange={() => setChoice(NEW)} className="accent-primary" />
            New folder…
          </label>
        </fieldset>
        {choice === NEW && (
          <input
            autoFocus
            value={name}
            maxLength={100}
            aria-label="New folder's name"
            onChange={(event) => {
              setName(event.target.value)
              setProblem(null)
            }}
            className="mt-2 w-full rounded-lg bg-dark px-3 py-2 text-sm text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary"
          />
        )}
        {problem && (
          <p role="alert" className="mt-2 text-sm text-red-300">
            {problem}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button
            type="button"
            onClick={onClose}
            className="rounded-lg px-4 py-2 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
          >
            Cancel
          </button>
          <button type="submit" className={PRIMARY_BUTTON}>
            Move
          </button>
        </div>
      </form>
    </Modal>
  )
}

export default MoveToDialog

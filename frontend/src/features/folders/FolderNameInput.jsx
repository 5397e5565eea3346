import { useState } from 'react'

/**
 * A folder's name being typed (a new folder, or a rename): Enter saves, Escape or an empty name
 * cancels. `onSave(name)` may throw the backend's sentence (a name taken): it shows under the box
 * and the box stays.
 */
const FolderNameInput = ({ initial = '', label, onSave, onCancel }) => {
  const [draft, setDraft] = useState(initial)
  const [problem, setProblem] = useState(null)

  const save = async () => {
    const name = draft.trim()
    if (!name || name === initial) {
      onCancel()
      return
    }
    try {
      await onSave(name)
    } catch (error) {
      setProblem(error.message)
    }
  }

  return (
    <div className="px-1 py-1">
      <input
        autoFocus
        value={draft}
        maxLength={100}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'folder-name-problem' : undefined}
        onChange={(event) => {
          setDraft(event.target.value)
          setProblem(null)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            save()
          } else if (event.key === 'Escape') {
            event.preventDefault()
            event.stopPropagation()
            onCancel()
          }
        }}
        onBlur={() => (problem ? onCancel() : save())}
        className="w-full rounded-lg bg-dark px-3 py-2 text-sm text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary"
      />
      {problem && (
        <p id="folder-name-problem" role="alert" className="px-1 pt-1 text-xs text-red-300">
          {problem}
        </p>
      )}
    </div>
  )
}

export default FolderNameInput

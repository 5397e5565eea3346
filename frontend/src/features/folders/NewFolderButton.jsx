import { useState } from 'react'
import { PlusIcon } from '../../ui/icons'
import FolderNameInput from './FolderNameInput'

/** "New folder": a name typed in place; `onCreate(name)` may throw the backend's sentence. */
const NewFolderButton = ({ onCreate }) => {
  const [isNaming, setNaming] = useState(false)
  if (isNaming) {
    return (
      <FolderNameInput
        label="New folder's name"
        onSave={async (name) => {
          await onCreate(name)
          setNaming(false)
        }}
        onCancel={() => setNaming(false)}
      />
    )
  }
  return (
    <button
      type="button"
      onClick={() => setNaming(true)}
      className="flex items-center gap-1.5 rounded-md px-2 py-1 text-xs text-gray-400 hover:bg-dark-lighter hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
    >
      <PlusIcon className="h-3.5 w-3.5" />
      New folder
    </button>
  )
}

export default NewFolderButton

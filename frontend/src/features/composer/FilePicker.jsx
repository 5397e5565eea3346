import { useRef } from 'react'
import { PaperclipIcon } from '../../ui/icons'

/** The paperclip: chooses files to attach (`onFiles(files)`). */
const FilePicker = ({ onFiles }) => {
  const inputRef = useRef(null)
  return (
    <>
      <input
        ref={inputRef}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(event) => {
          onFiles([...event.target.files])
          event.target.value = '' // the same file can be chosen again
        }}
      />
      <button
        type="button"
        onClick={() => inputRef.current?.click()}
        aria-label="Attach files"
        title="Attach files (or paste, or drop them here)"
        className="flex h-12 w-10 shrink-0 items-center justify-center rounded-xl text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus:ring-2 focus:ring-primary"
      >
        <PaperclipIcon />
      </button>
    </>
  )
}

export default FilePicker

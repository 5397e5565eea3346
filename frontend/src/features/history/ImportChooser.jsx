import { useRef } from 'react'
import { UploadIcon } from './icons'

const DROP_AREA = 'flex flex-col items-center gap-3 rounded-xl border-2 border-dashed border-dark-lighter p-5 text-center'
const DROP_AREA_ACTIVE = 'flex flex-col items-center gap-3 rounded-xl border-2 border-dashed border-primary bg-primary/10 p-5 text-center'

/** Choosing (or dropping) the export file; after a failure, the backend's sentence and another go. */
const ImportChooser = ({ error, note, isDragging, onFile, primaryRef }) => {
  const inputRef = useRef(null)
  return (
    <div className="space-y-4">
      {error && (
        <p role="alert" className="break-words rounded-lg border border-red-500/40 bg-red-500/10 p-3 text-sm text-red-200">
          {error}
        </p>
      )}
      {note && <p className="text-sm text-gray-400">{note}</p>}
      <div className={isDragging ? DROP_AREA_ACTIVE : DROP_AREA}>
        <p className="text-sm text-gray-300">
          Bring your conversations from ChatGPT, Open WebUI, LibreChat or another Chat AI: choose the export you downloaded
          (.json or .zip), or drop it here.
        </p>
        <input
          ref={inputRef}
          type="file"
          accept=".json,.zip,application/json,application/zip"
          hidden
          data-testid="import-file-input"
          onChange={(event) => {
            const [file] = event.target.files
            event.target.value = '' // the same file can be chosen again
            if (file) onFile(file)
          }}
        />
        <button
          ref={primaryRef}
          type="button"
          onClick={() => inputRef.current?.click()}
          className="flex items-center gap-2 rounded-lg bg-gradient-to-r from-primary to-secondary px-4 py-2 text-sm font-medium text-white hover:opacity-90 focus:outline-none focus-visible:ring-2 focus-visible:ring-white"
        >
          <UploadIcon />
          {error ? 'Try another file' : 'Choose a file…'}
        </button>
      </div>
    </div>
  )
}

export default ImportChooser

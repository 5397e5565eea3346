import { useRef } from 'react'
import { useDialogFocus } from '../hooks/useDialogFocus'
import { CloseIcon } from './icons'
import { SHORTCUTS } from './shortcuts'

/** The keyboard shortcuts, in a modal dialog that Escape or the close button dismisses; focus
 * stays inside it while it is open and returns where it was after. */
const ShortcutsDialog = ({ onClose }) => {
  const dialogRef = useRef(null)
  const closeRef = useRef(null)
  useDialogFocus(dialogRef, onClose, closeRef)

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4" onClick={onClose}>
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onClick={(event) => event.stopPropagation()}
        className="w-full max-w-md rounded-2xl border border-dark-lighter bg-dark-light p-6 shadow-2xl"
      >
        <div className="mb-4 flex items-center justify-between">
          <h2 id="shortcuts-title" className="text-lg font-semibold text-gray-100">
            Keyboard shortcuts
          </h2>
          <button
            ref={closeRef}
            type="button"
            onClick={onClose}
            aria-label="Close"
            className="rounded-md p-1 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
          >
            <CloseIcon />
          </button>
        </div>
        <dl className="space-y-2">
          {SHORTCUTS.map(({ keys, action }) => (
            <div key={action} className="flex items-center justify-between gap-4 text-sm">
              <dt className="text-gray-300">{action}</dt>
              <dd className="flex shrink-0 gap-1">
                {keys.map((key) => (
                  <kbd key={key} className="rounded border border-dark-lighter bg-dark px-2 py-0.5 font-mono text-xs text-gray-100">
                    {key}
                  </kbd>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  )
}

export default ShortcutsDialog

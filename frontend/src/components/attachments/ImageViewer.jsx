import { useRef } from 'react'
import { useDialogFocus } from '../../hooks/useDialogFocus'
import { CloseIcon } from '../icons'

/** An attached image shown large, in a modal dialog that Escape, a click outside or the close
 * button dismisses. */
const ImageViewer = ({ src, name, onClose }) => {
  const dialogRef = useRef(null)
  const closeRef = useRef(null)
  useDialogFocus(dialogRef, onClose, closeRef)
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/80 p-4" onClick={onClose}>
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-label={name}
        onClick={(event) => event.stopPropagation()}
        className="relative flex max-h-full max-w-full flex-col items-center gap-2"
      >
        <img src={src} alt={name} className="max-h-[85vh] max-w-full rounded-lg object-contain" />
        <div className="flex items-center gap-3 text-sm text-gray-200">
          <span className="truncate">{name}</span>
          <button
            ref={closeRef}
            type="button"
            onClick={onClose}
            aria-label="Close"
            className="rounded-md p-1 hover:bg-white/10 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
          >
            <CloseIcon />
          </button>
        </div>
      </div>
    </div>
  )
}

export default ImageViewer

import { useRef } from 'react'
import Modal from '../../ui/Modal'
import { CloseIcon } from '../../ui/icons'

/** An attached image shown large, in a dialog that Escape, a click outside or the close button
 * dismisses. */
const ImageViewer = ({ src, name, onClose }) => {
  const closeRef = useRef(null)
  return (
    <Modal
      label={name}
      onClose={onClose}
      closeOnBackdrop
      initialFocusRef={closeRef}
      backdrop="dark"
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
    </Modal>
  )
}

export default ImageViewer

import { useRef } from 'react'
import Modal from './Modal'

/** Asks before something that cannot be undone. Cancel has the focus; Escape cancels. */
const ConfirmDialog = ({ title, children, confirmLabel, onConfirm, onCancel }) => {
  const cancelRef = useRef(null)
  return (
    <Modal
      role="alertdialog"
      labelledBy="confirm-title"
      describedBy="confirm-body"
      onClose={onCancel}
      initialFocusRef={cancelRef}
      className="w-full max-w-md rounded-2xl border border-dark-lighter bg-dark-light p-5 shadow-xl"
    >
      <h2 id="confirm-title" className="text-lg font-semibold text-gray-100">
        {title}
      </h2>
      <div id="confirm-body" className="mt-2 text-sm text-gray-300">
        {children}
      </div>
      <div className="mt-5 flex justify-end gap-2">
        <button
          ref={cancelRef}
          type="button"
          onClick={onCancel}
          className="rounded-lg px-4 py-2 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-300"
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  )
}

export default ConfirmDialog

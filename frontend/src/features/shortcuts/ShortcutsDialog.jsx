import { useRef } from 'react'
import Modal from '../../ui/Modal'
import ModalHeader from '../../ui/ModalHeader'
import { SHORTCUT_LIST } from './shortcuts'

/** The keyboard shortcuts, in a dialog that Escape, a click outside or the close button dismisses. */
const ShortcutsDialog = ({ onClose }) => {
  const closeRef = useRef(null)
  return (
    <Modal
      labelledBy="shortcuts-title"
      onClose={onClose}
      closeOnBackdrop
      initialFocusRef={closeRef}
      className="w-full max-w-md rounded-2xl border border-dark-lighter bg-dark-light p-6 shadow-2xl"
    >
      <ModalHeader id="shortcuts-title" title="Keyboard shortcuts" onClose={onClose} closeRef={closeRef} />
      <dl className="space-y-2">
        {SHORTCUT_LIST.map(({ keys, action }) => (
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
    </Modal>
  )
}

export default ShortcutsDialog

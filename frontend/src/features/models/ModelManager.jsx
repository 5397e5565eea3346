import { useRef, useState } from 'react'
import IconButton from '../../ui/IconButton'
import Modal from '../../ui/Modal'
import ModalHeader from '../../ui/ModalHeader'
import { ComputerIcon } from '../../ui/icons'
import ModelRow from './ModelRow'
import { groupModels } from './catalog'

// Beside the header's picker, and smaller beside the phone's picker under the title.
const BUTTONS = {
  regular:
    'shrink-0 rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary',
  compact:
    'shrink-0 rounded p-0.5 text-gray-300 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary',
}

/**
 * "Manage models": a dialog listing LM Studio's chat models, asked fresh as it opens (`onOpen`),
 * loaded ones first, each with Load (and a context length) or Eject. `loading` is
 * useModelLoading's state and actions, kept while the dialog is closed: a load goes on and its
 * outcome shows when it opens again. Where the server cannot load models (`unsupported`: the
 * backend's sentence, from the health check before anything is tried, or from its 501 in
 * `loading.unsupported`), the dialog says so once, in the backend's words, and offers neither.
 */
const ModelManager = ({ catalog, onOpen, loading, unsupported: knownUnsupported = null, variant = 'regular' }) => {
  const [isOpen, setOpen] = useState(false)
  const closeRef = useRef(null)
  const { loaded, available } = groupModels(catalog)
  const open = () => {
    onOpen?.()
    setOpen(true)
  }
  const close = () => setOpen(false)
  const unsupported = loading.unsupported ?? knownUnsupported
  const canManage = !unsupported

  return (
    <>
      <IconButton label="Manage models" title="Manage models (load, eject)" onClick={open} aria-haspopup="dialog" className={BUTTONS[variant]}>
        <ComputerIcon className={variant === 'compact' ? 'h-4 w-4' : 'h-5 w-5'} />
      </IconButton>
      {isOpen && (
        <Modal
          labelledBy="model-manager-title"
          onClose={close}
          closeOnBackdrop
          initialFocusRef={closeRef}
          backdrop="roomy"
          className="flex max-h-[85vh] w-full max-w-xl flex-col rounded-2xl border border-dark-lighter bg-dark-light p-4 shadow-2xl sm:p-6"
        >
          <ModalHeader id="model-manager-title" title="Models" onClose={close} closeRef={closeRef} />
          {unsupported && (
            <p role="note" className="mb-3 rounded-lg border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-200">
              {unsupported}
            </p>
          )}
          {loaded.length + available.length === 0 ? (
            <p className="text-sm text-gray-300">LM Studio lists no chat models. Download one in LM Studio first.</p>
          ) : (
            <ul aria-label="Chat models" className="-mx-1 overflow-y-auto px-1">
              {[...loaded, ...available].map((model) => (
                <ModelRow
                  key={model.id}
                  model={model}
                  load={loading.loads[model.id]}
                  ejects={loading.ejects}
                  canManage={canManage}
                  onLoad={(contextLength) => loading.load(model.id, contextLength)}
                  onEject={(instanceId) => loading.eject(model.id, instanceId)}
                />
              ))}
            </ul>
          )}
        </Modal>
      )}
    </>
  )
}

export default ModelManager

import { useCallback, useRef, useState } from 'react'
import Modal from '../../ui/Modal'
import ModalHeader from '../../ui/ModalHeader'
import McpServersPanel from '../mcpServers/McpServersPanel'
import { useAccount } from '../account/AccountContext'
import AccountPanel from '../account/AccountPanel'
import DefaultsForm from './DefaultsForm'
import PresetsForm from './PresetsForm'
import UnsavedChanges from './UnsavedChanges'

const TAB_CLASS =
  'rounded-lg px-3 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-primary aria-selected:bg-dark-lighter aria-selected:text-white text-gray-300 hover:text-white'

const TABS = [
  ['defaults', 'Defaults for new conversations'],
  ['presets', 'Presets'],
  ['mcp', 'MCP servers'],
]
const ACCOUNT_TAB = ['account', 'Account']

/**
 * The settings beyond one conversation, in a dialog: the defaults for new conversations, and named
 * presets a conversation can apply. Closing it (or showing the other tab) with unsaved changes
 * asks first. The forms save through `onSaveDefaults`, `onSavePreset` and `onDeletePreset`. The
 * MCP servers tab (`mcp`: McpServersPanel's) saves each change as it is made.
 */
const PreferencesDialog = ({ defaults, presets, models, defaultModel, onSaveDefaults, onSavePreset, onDeletePreset, mcp, onClose }) => {
  const closeRef = useRef(null)
  const [tab, setTab] = useState('defaults')
  // What waits for "Discard changes": closing the dialog, or showing the other tab.
  const [pendingAction, setPendingAction] = useState(null)
  const dirtyRef = useRef(false)
  const unlessDirty = (action) => (dirtyRef.current ? setPendingAction(() => action) : action())
  const requestClose = () => unlessDirty(onClose)
  const trackDirty = useCallback((dirty) => {
    dirtyRef.current = dirty
  }, [])
  const switchTab = (next) => next !== tab && unlessDirty(() => setTab(next))
  const account = useAccount()
  const tabs = account.auth === 'on' ? [...TABS, ACCOUNT_TAB] : TABS

  return (
    <Modal
      labelledBy="preferences-title"
      onClose={requestClose}
      closeOnBackdrop
      initialFocusRef={closeRef}
      backdrop="roomy"
      className="max-h-[92vh] w-full max-w-2xl overflow-y-auto rounded-2xl border border-dark-lighter bg-dark-light p-4 shadow-2xl sm:p-6"
    >
      <ModalHeader id="preferences-title" title="Defaults & presets" onClose={requestClose} closeRef={closeRef} />
      <div role="tablist" aria-label="Settings" className="mb-4 flex flex-wrap gap-2">
        {tabs.map(([name, label]) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => switchTab(name)} className={TAB_CLASS}>
            {label}
          </button>
        ))}
      </div>
      {pendingAction && (
        <div className="mb-4">
          <UnsavedChanges
            onKeepEditing={() => setPendingAction(null)}
            onDiscard={() => {
              dirtyRef.current = false
              setPendingAction(null)
              pendingAction()
            }}
          />
        </div>
      )}
      <div role="tabpanel">
        {tab === 'defaults' ? (
          <DefaultsForm defaults={defaults} models={models} defaultModel={defaultModel} onSave={onSaveDefaults} onDirtyChange={trackDirty} />
        ) : tab === 'mcp' ? (
          <McpServersPanel mcp={mcp} />
        ) : tab === 'account' ? (
          <AccountPanel />
        ) : (
          <PresetsForm
            presets={presets}
            models={models}
            defaultModel={defaultModel}
            onSave={onSavePreset}
            onDelete={onDeletePreset}
            onDirtyChange={trackDirty}
          />
        )}
      </div>
    </Modal>
  )
}

export default PreferencesDialog

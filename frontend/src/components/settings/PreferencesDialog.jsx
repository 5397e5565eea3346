import { useCallback, useEffect, useRef, useState } from 'react'
import { useChat } from '../../contexts/ChatContext'
import Modal from '../../ui/Modal'
import ModalHeader from '../../ui/ModalHeader'
import SettingsFields, { INPUT_CLASS } from './SettingsFields'
import Outcome from './Outcome'
import UnsavedChanges from './UnsavedChanges'
import { failed, fromForm, isDirty, succeeded, toForm, validate } from './settingsForm'

const NEW_PRESET = ''
const PRIMARY_BUTTON =
  'rounded-lg bg-gradient-to-r from-primary to-secondary px-4 py-2 text-sm font-medium text-white hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light disabled:opacity-50'
const DANGER_BUTTON =
  'rounded-lg border border-red-400/50 px-4 py-2 text-sm text-red-200 hover:bg-red-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400 disabled:opacity-50'
const TAB_CLASS =
  'rounded-lg px-3 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-primary aria-selected:bg-dark-lighter aria-selected:text-white text-gray-300 hover:text-white'

/** A settings form's state (from stored settings), what it would refuse, and what the last save
 * said, which an edit makes stale. */
function useSettingsForm(settings) {
  const [form, setForm] = useState(() => toForm(settings))
  const [message, setMessage] = useState(null)
  const change = (changes) => {
    setForm((current) => ({ ...current, ...changes }))
    setMessage(null)
  }
  return { form, setForm, change, errors: validate(form), message, setMessage }
}

/** The defaults new conversations start with (system prompt, model, sampling): GET/PUT /api/settings. */
const DefaultsForm = ({ onDirtyChange }) => {
  const { defaults, saveDefaults, models, defaultModel } = useChat()
  const { form, change, errors, message, setMessage } = useSettingsForm(defaults)
  const dirty = isDirty(form, defaults, { withModel: true })
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange])

  const save = async (event) => {
    event.preventDefault()
    if (Object.keys(errors).length) return
    const error = await saveDefaults(fromForm(form, { withModel: true }))
    setMessage(error ? failed(error) : succeeded('Saved: new conversations start with these.'))
  }

  return (
    <form onSubmit={save} className="space-y-4" aria-label="Defaults for new conversations">
      <p className="text-sm text-gray-400">New conversations start with these; existing ones keep their own.</p>
      <SettingsFields
        form={form}
        errors={errors}
        onChange={change}
        idPrefix="defaults-"
        models={models}
        defaultModel={defaultModel}
      />
      <div className="flex items-center justify-end gap-3">
        <Outcome message={message} />
        <button type="submit" disabled={Object.keys(errors).length > 0} className={PRIMARY_BUTTON}>
          Save defaults
        </button>
      </div>
    </form>
  )
}

/** Named presets: pick one to change, rename or delete it, or make a new one. */
const PresetsForm = ({ onDirtyChange }) => {
  const { presets, savePreset, deletePreset, models, defaultModel } = useChat()
  const [selectedId, setSelectedId] = useState(presets[0]?.id ?? NEW_PRESET)
  const selected = presets.find((preset) => preset.id === selectedId) ?? null
  const [name, setName] = useState(selected?.name ?? '')
  const { form, setForm, change, errors, message, setMessage } = useSettingsForm(selected ?? {})
  const dirty = name !== (selected?.name ?? '') || isDirty(form, selected ?? {}, { withModel: true })
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange])
  const canSave = name.trim() !== '' && Object.keys(errors).length === 0

  const select = (id) => {
    const preset = presets.find((p) => p.id === id) ?? null
    setSelectedId(id)
    setName(preset?.name ?? '')
    setForm(toForm(preset ?? {}))
    setMessage(null)
  }

  const save = async (event) => {
    event.preventDefault()
    if (!canSave) return
    const saved = await savePreset(selected?.id ?? null, { ...fromForm(form, { withModel: true }), name: name.trim() })
    if (saved.error) {
      setMessage(failed(saved.error))
      return
    }
    setSelectedId(saved.id)
    setName(saved.name)
    setForm(toForm(saved))
    setMessage(succeeded(`Saved “${saved.name}”.`))
  }

  const remove = async () => {
    if (!selected) return
    const error = await deletePreset(selected.id)
    if (error) {
      setMessage(failed(error))
      return
    }
    select(NEW_PRESET)
    setMessage(succeeded(`Deleted “${selected.name}”. Conversations that took it keep its values.`))
  }

  return (
    <form onSubmit={save} className="space-y-4" aria-label="Presets">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="preset-choice" className="mb-1 block text-sm text-gray-300">
            Preset
          </label>
          <select id="preset-choice" value={selectedId} onChange={(event) => select(event.target.value)} className={INPUT_CLASS}>
            <option value={NEW_PRESET}>New preset</option>
            {presets.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="preset-name" className="mb-1 block text-sm text-gray-300">
            Name
          </label>
          <input
            id="preset-name"
            value={name}
            onChange={(event) => {
              setName(event.target.value)
              setMessage(null)
            }}
            maxLength={200}
            placeholder="e.g. Precise coder"
            className={INPUT_CLASS}
          />
        </div>
      </div>
      <SettingsFields
        form={form}
        errors={errors}
        onChange={change}
        idPrefix="preset-"
        models={models}
        defaultModel={defaultModel}
      />
      <div className="flex flex-wrap items-center justify-end gap-3">
        <Outcome message={message} />
        {selected && (
          <button type="button" onClick={remove} className={DANGER_BUTTON}>
            Delete preset
          </button>
        )}
        <button type="submit" disabled={!canSave} className={PRIMARY_BUTTON}>
          {selected ? 'Save preset' : 'Create preset'}
        </button>
      </div>
    </form>
  )
}

/**
 * The settings beyond one conversation, in a modal dialog: the defaults for new conversations,
 * and named presets a conversation can apply. Closing with unsaved changes asks first.
 */
const PreferencesDialog = ({ onClose }) => {
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
      <div role="tablist" aria-label="Settings" className="mb-4 flex gap-2">
        {[
          ['defaults', 'Defaults for new conversations'],
          ['presets', 'Presets'],
        ].map(([name, label]) => (
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
        {tab === 'defaults' ? <DefaultsForm onDirtyChange={trackDirty} /> : <PresetsForm onDirtyChange={trackDirty} />}
      </div>
    </Modal>
  )
}

export default PreferencesDialog

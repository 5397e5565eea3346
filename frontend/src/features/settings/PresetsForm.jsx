import { useEffect, useState } from 'react'
import SettingsFields, { INPUT_CLASS } from './SettingsFields'
import Outcome from './Outcome'
import { DANGER_BUTTON, PRIMARY_BUTTON } from './buttons'
import { failed, fromForm, isDirty, succeeded, toForm } from './settingsForm'
import { useSettingsForm } from './useSettingsForm'

const NEW_PRESET = ''

/** Named presets: pick one to change, rename or delete it, or make a new one. `onSave(id or null,
 * fields)` answers the preset or { error }; `onDelete(id)` null or the sentence saying why not. */
const PresetsForm = ({ presets, models, defaultModel, onSave, onDelete, onDirtyChange }) => {
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
    const saved = await onSave(selected?.id ?? null, { ...fromForm(form, { withModel: true }), name: name.trim() })
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
    const error = await onDelete(selected.id)
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
      <SettingsFields form={form} errors={errors} onChange={change} idPrefix="preset-" models={models} defaultModel={defaultModel} />
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

export default PresetsForm

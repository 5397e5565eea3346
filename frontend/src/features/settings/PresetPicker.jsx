import { useState } from 'react'
import ActionMenu from '../../ui/ActionMenu'
import { ChevronDownIcon } from '../../ui/icons'
import Outcome from './Outcome'
import { failed, presetInUse, succeeded } from './settingsForm'

const NAME_INPUT_CLASS =
  'w-full max-w-xs rounded-lg border border-dark-lighter bg-dark px-3 py-2 text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary'
const SMALL_BUTTON =
  'rounded-lg border border-dark-lighter px-3 py-1.5 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:opacity-50'

const MENU_BUTTON =
  'flex min-w-0 max-w-[14rem] items-center gap-2 rounded-lg border border-dark-lighter bg-dark px-2 py-1.5 text-sm text-gray-100 hover:bg-dark-lighter focus:outline-none focus:ring-2 focus:ring-primary'

/**
 * Above a conversation's settings: which preset it uses (its settings equal the preset's, marked
 * in the menu), apply a named preset (its values replace these: `onApply(id)`
 * answers null or why not), save the settings shown (`current`, the API's values) as a new preset
 * (`onSave(null, fields)` answers it or { error }), or open the screen that manages presets and
 * the defaults for new conversations.
 */
const PresetPicker = ({ current, canSaveAs, presets, onApply, onSave, onOpenPreferences }) => {
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [message, setMessage] = useState(null) // { text, isError }
  const inUse = presetInUse(presets, current)

  const apply = async (presetId) => {
    if (!presetId) return
    const preset = presets.find((p) => p.id === presetId)
    const error = await onApply(presetId)
    setMessage(error ? failed(error) : succeeded(`Applied “${preset?.name}”.`))
  }

  const saveAs = async (event) => {
    event.preventDefault()
    if (!name.trim()) return
    const saved = await onSave(null, { ...current, name: name.trim() })
    if (saved.error) {
      setMessage(failed(saved.error))
      return
    }
    setNaming(false)
    setName('')
    setMessage(succeeded(`Saved as preset “${saved.name}”.`))
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-gray-300" aria-hidden="true">
          Preset
        </span>
        {presets.length ? (
          <ActionMenu
            label={inUse ? `Preset: ${inUse.name}` : 'Preset: none in use'}
            buttonClassName={MENU_BUTTON}
            buttonContent={
              <>
                <span className="truncate">{inUse ? inUse.name : 'Apply a preset…'}</span>
                <ChevronDownIcon className="h-4 w-4 shrink-0" />
              </>
            }
            items={presets.map((preset) => ({ label: preset.name, checked: preset.id === inUse?.id, onSelect: () => apply(preset.id) }))}
          />
        ) : (
          <span className="text-sm text-gray-400">No presets yet</span>
        )}
        {!naming && (
          <button type="button" onClick={() => setNaming(true)} disabled={!canSaveAs} className={SMALL_BUTTON}>
            Save as preset…
          </button>
        )}
        <button type="button" onClick={onOpenPreferences} className={SMALL_BUTTON}>
          Defaults & presets
        </button>
      </div>
      {naming && (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="new-preset-name" className="sr-only">
            Preset name
          </label>
          <input
            id="new-preset-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && saveAs(event)}
            placeholder="Preset name"
            maxLength={200}
            autoFocus
            className={NAME_INPUT_CLASS}
          />
          <button type="button" onClick={saveAs} disabled={!name.trim()} className={SMALL_BUTTON}>
            Save preset
          </button>
          <button type="button" onClick={() => setNaming(false)} className={SMALL_BUTTON}>
            Cancel
          </button>
        </div>
      )}
      {message && (
        <p>
          <Outcome message={message} />
        </p>
      )}
    </div>
  )
}

export default PresetPicker

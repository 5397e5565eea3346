import { useEffect } from 'react'
import SettingsFields from './SettingsFields'
import Outcome from './Outcome'
import { PRIMARY_BUTTON } from './buttons'
import { failed, fromForm, isDirty, succeeded } from './settingsForm'
import { useSettingsForm } from './useSettingsForm'

/** The defaults new conversations start with (system prompt, model, sampling): GET/PUT /api/settings.
 * `onSave(settings)` answers null, or the sentence saying why not. */
const DefaultsForm = ({ defaults, models, defaultModel, onSave, onDirtyChange }) => {
  const { form, change, errors, message, setMessage } = useSettingsForm(defaults)
  const dirty = isDirty(form, defaults, { withModel: true })
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange])

  const save = async (event) => {
    event.preventDefault()
    if (Object.keys(errors).length) return
    const error = await onSave(fromForm(form, { withModel: true }))
    setMessage(error ? failed(error) : succeeded('Saved: new conversations start with these.'))
  }

  return (
    <form onSubmit={save} className="space-y-4" aria-label="Defaults for new conversations">
      <p className="text-sm text-gray-400">New conversations start with these; existing ones keep their own.</p>
      <SettingsFields form={form} errors={errors} onChange={change} idPrefix="defaults-" models={models} defaultModel={defaultModel} />
      <div className="flex items-center justify-end gap-3">
        <Outcome message={message} />
        <button type="submit" disabled={Object.keys(errors).length > 0} className={PRIMARY_BUTTON}>
          Save defaults
        </button>
      </div>
    </form>
  )
}

export default DefaultsForm

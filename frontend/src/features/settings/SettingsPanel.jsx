import { useEffect, useRef, useState } from 'react'
import IconButton from '../../ui/IconButton'
import { CloseIcon } from '../../ui/icons'
import PresetPicker from './PresetPicker'
import SettingsFields from './SettingsFields'
import UnsavedChanges from './UnsavedChanges'
import { fromForm, isDirty, toForm, validate } from './settingsForm'
import { PRIMARY_BUTTON } from './buttons'

/**
 * The conversation's settings (system prompt, temperature, max tokens, sampling, what to do when
 * it outgrows the context), saved with PATCH; a preset can be applied, or these saved as one.
 * Closing it (the close button or Escape) with unsaved changes asks first: keep editing, or
 * discard them. `focusField` ({ id }) is focused as it opens (e.g. max tokens, to raise it).
 * `presets`: { presets, onApply, onSave, onOpenPreferences } for the preset picker above the fields.
 */
const SettingsPanel = ({ conversation, onSave, onClose, focusField = null, presets }) => {
  const [form, setForm] = useState(() => toForm(conversation))
  const [status, setStatus] = useState(null)
  const [isAskingToClose, setAskingToClose] = useState(false)
  const errors = validate(form)
  const isValid = Object.keys(errors).length === 0
  const dirty = isDirty(form, conversation)

  // A preset applied (or settings saved elsewhere) changes the conversation: show its values.
  const conversationKey = JSON.stringify(fromForm(toForm(conversation)))
  const shownKeyRef = useRef(conversationKey)
  useEffect(() => {
    if (shownKeyRef.current === conversationKey) return
    shownKeyRef.current = conversationKey
    setForm(toForm(conversation))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationKey])

  const change = (changes) => {
    setForm((current) => ({ ...current, ...changes }))
    setStatus(null)
  }

  const requestClose = () => {
    if (dirty && status !== 'saving') setAskingToClose(true)
    else onClose()
  }

  // Escape closes the panel, before anything else hears it (it would stop the reply).
  const requestCloseRef = useRef(requestClose)
  requestCloseRef.current = requestClose
  useEffect(() => {
    const onKeyDown = (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return // the dialog's own
      event.preventDefault()
      requestCloseRef.current()
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])

  useEffect(() => {
    if (!focusField) return
    const field = document.getElementById(focusField.id)
    field?.focus()
    field?.scrollIntoView?.({ block: 'nearest' })
  }, [focusField])

  const save = async (event) => {
    event.preventDefault()
    if (!isValid) return
    setStatus('saving')
    const ok = await onSave(fromForm(form))
    if (ok) shownKeyRef.current = JSON.stringify(fromForm(form))
    setStatus(ok ? 'saved' : null)
    if (ok && isAskingToClose) onClose()
  }

  return (
    <section aria-label="Conversation settings" className="max-h-[70vh] overflow-y-auto border-b border-dark-lighter bg-dark-light px-4 py-4">
      <form onSubmit={save} className="mx-auto max-w-3xl space-y-4">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold text-gray-100">Conversation settings</h2>
          <IconButton label="Close settings" variant="close" onClick={requestClose}>
            <CloseIcon />
          </IconButton>
        </div>
        <PresetPicker current={{ ...fromForm(form), model: conversation.model ?? null }} canSaveAs={isValid} {...presets} />
        <SettingsFields form={form} errors={errors} onChange={change} />
        {isAskingToClose && <UnsavedChanges onKeepEditing={() => setAskingToClose(false)} onDiscard={onClose} />}
        <div className="flex items-center justify-end gap-3">
          {status === 'saved' && !dirty && (
            <span role="status" className="text-sm text-emerald-300">
              Saved
            </span>
          )}
          <button
            type="submit"
            disabled={!isValid || status === 'saving'}
            className={PRIMARY_BUTTON}
          >
            Save settings
          </button>
        </div>
      </form>
    </section>
  )
}

export default SettingsPanel

import { useEffect, useRef, useState } from 'react'
import IconButton from '../../ui/IconButton'
import { CloseIcon } from '../../ui/icons'
import PresetPicker from './PresetPicker'
import SettingsFields from './SettingsFields'
import UnsavedChanges from './UnsavedChanges'
import { fromForm, toForm, validate } from './settingsForm'

const settingsKey = (settings) => JSON.stringify(fromForm(toForm(settings)))

/**
 * The conversation's settings (system prompt, temperature, max tokens, sampling, what to do when
 * it outgrows the context), applied as they are made: each valid change goes to `onSaveSoon`
 * (saved once the typing pauses; it answers whether it was), and "Saved" says when the last one
 * is stored. A value the backend would refuse says why and is not saved. Closing the panel saves
 * what waits at once (`onFlush`); with a refused value in it, it asks first: keep editing, or
 * discard it. `focusField` ({ id }) is focused as it opens (e.g. max tokens, to raise it).
 * `presets`: { presets, onApply, onSave, onOpenPreferences } for the preset picker above the fields.
 */
const SettingsPanel = ({ conversation, onSaveSoon, onFlush, onClose, focusField = null, presets }) => {
  const [form, setForm] = useState(() => toForm(conversation))
  const [isSaved, setSaved] = useState(false)
  const [isAskingToClose, setAskingToClose] = useState(false)
  const errors = validate(form)
  const isValid = Object.keys(errors).length === 0
  const latestChange = useRef(0) // only the latest change's save may say "Saved"
  const savesWaiting = useRef(0)

  // A preset applied (or settings changed elsewhere) changes the conversation: show its values,
  // unless what is typed here is ahead of it (its save has not come back yet).
  const conversationKey = settingsKey(conversation)
  useEffect(() => {
    if (savesWaiting.current > 0 || conversationKey === JSON.stringify(fromForm(form))) return
    setForm(toForm(conversation))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationKey])

  const change = (changes) => {
    const next = { ...form, ...changes }
    setForm(next)
    setSaved(false)
    const thisChange = ++latestChange.current
    if (Object.keys(validate(next)).length) return // its sentence shows; nothing is saved
    savesWaiting.current += 1
    onSaveSoon(fromForm(next)).then((ok) => {
      savesWaiting.current -= 1
      if (ok && thisChange === latestChange.current) setSaved(true)
    })
  }

  const close = () => {
    onFlush()
    onClose()
  }
  const requestClose = () => (isValid ? close() : setAskingToClose(true))

  // However the panel goes (the header's button, another conversation opened), nothing waits.
  const flushRef = useRef(onFlush)
  flushRef.current = onFlush
  useEffect(() => () => flushRef.current(), [])

  // Escape closes the panel, before anything else hears it (it would stop the reply).
  const requestCloseRef = useRef(requestClose)
  requestCloseRef.current = requestClose
  useEffect(() => {
    const onKeyDown = (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      // A dialog's or the preset menu's own: it closes itself.
      if (event.target instanceof Element && event.target.closest('[role="dialog"], [role="menu"]')) return
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

  return (
    <section aria-label="Conversation settings" className="max-h-[70vh] overflow-y-auto border-b border-dark-lighter bg-dark-light px-4 py-4">
      <form onSubmit={(event) => event.preventDefault()} className="mx-auto max-w-3xl space-y-4">
        <div className="flex items-center justify-between gap-3">
          <h2 className="text-sm font-semibold text-gray-100">Conversation settings</h2>
          <span className="flex items-center gap-3">
            <span role="status" className="text-xs text-gray-400">
              {isSaved ? 'Saved' : ''}
            </span>
            <IconButton label="Close settings" variant="close" onClick={requestClose}>
              <CloseIcon />
            </IconButton>
          </span>
        </div>
        <PresetPicker current={{ ...fromForm(form), model: conversation.model ?? null }} canSaveAs={isValid} {...presets} />
        <SettingsFields form={form} errors={errors} onChange={change} />
        {isAskingToClose && <UnsavedChanges onKeepEditing={() => setAskingToClose(false)} onDiscard={close} />}
      </form>
    </section>
  )
}

export default SettingsPanel

import { useState } from 'react'
import { toForm, validate } from './settingsForm'

/** A settings form's state (from stored settings), what it would refuse, and what the last save
 * said, which an edit makes stale. */
export function useSettingsForm(settings) {
  const [form, setForm] = useState(() => toForm(settings))
  const [message, setMessage] = useState(null)
  const change = (changes) => {
    setForm((current) => ({ ...current, ...changes }))
    setMessage(null)
  }
  return { form, setForm, change, errors: validate(form), message, setMessage }
}

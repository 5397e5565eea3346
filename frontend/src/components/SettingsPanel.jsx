import { useEffect, useRef, useState } from 'react'
import { CloseIcon } from './icons'

const DEFAULT_TEMPERATURE = 0.7
const INPUT_CLASS =
  'w-full rounded-lg border border-dark-lighter bg-dark px-3 py-2 text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary'

/**
 * Per-conversation system prompt, temperature and max tokens; saved with PATCH. Closing it (the
 * close button or Escape) with unsaved changes asks first: keep editing, or discard them.
 */
const SettingsPanel = ({ conversation, onSave, onClose }) => {
  const [systemPrompt, setSystemPrompt] = useState(conversation.system_prompt ?? '')
  const [temperature, setTemperature] = useState(conversation.temperature ?? DEFAULT_TEMPERATURE)
  const [useDefaultTemperature, setUseDefaultTemperature] = useState(conversation.temperature == null)
  const [maxTokens, setMaxTokens] = useState(conversation.max_tokens ?? '')
  const [status, setStatus] = useState(null)
  const [isAskingToClose, setAskingToClose] = useState(false)
  const keepEditingRef = useRef(null)

  const saved = {
    system_prompt: conversation.system_prompt ?? '',
    temperature: conversation.temperature,
    max_tokens: conversation.max_tokens ?? '',
  }
  const isDirty =
    systemPrompt !== saved.system_prompt ||
    (useDefaultTemperature ? saved.temperature != null : Number(temperature) !== saved.temperature) ||
    String(maxTokens) !== String(saved.max_tokens)

  const requestClose = () => {
    if (isDirty && status !== 'saving') setAskingToClose(true)
    else onClose()
  }

  // Escape closes the panel, before anything else hears it (it would stop the reply).
  const requestCloseRef = useRef(requestClose)
  requestCloseRef.current = requestClose
  useEffect(() => {
    const onKeyDown = (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      requestCloseRef.current()
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])

  useEffect(() => {
    if (isAskingToClose) keepEditingRef.current?.focus()
  }, [isAskingToClose])

  const maxTokensValid = maxTokens === '' || (Number.isInteger(Number(maxTokens)) && Number(maxTokens) >= 1)

  const save = async (event) => {
    event.preventDefault()
    if (!maxTokensValid) return
    setStatus('saving')
    const ok = await onSave({
      system_prompt: systemPrompt.trim() ? systemPrompt : null,
      temperature: useDefaultTemperature ? null : Number(temperature),
      max_tokens: maxTokens === '' ? null : Number(maxTokens),
    })
    setStatus(ok ? 'saved' : null)
    if (ok && isAskingToClose) onClose()
  }

  return (
    <section aria-label="Conversation settings" className="border-b border-dark-lighter bg-dark-light px-4 py-4">
      <form onSubmit={save} className="mx-auto max-w-3xl space-y-4">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold text-gray-100">Conversation settings</h2>
          <button
            type="button"
            onClick={requestClose}
            aria-label="Close settings"
            className="rounded-md p-1 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
          >
            <CloseIcon />
          </button>
        </div>
        <div>
          <label htmlFor="system-prompt" className="mb-1 block text-sm text-gray-300">
            System prompt
          </label>
          <textarea
            id="system-prompt"
            value={systemPrompt}
            onChange={(event) => setSystemPrompt(event.target.value)}
            rows={3}
            placeholder="e.g. You are a concise assistant. Answer in English."
            className={INPUT_CLASS}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="temperature" className="mb-1 flex items-center justify-between text-sm text-gray-300">
              <span>Temperature</span>
              <span className="font-mono text-gray-200">{useDefaultTemperature ? 'default (0.7)' : Number(temperature).toFixed(1)}</span>
            </label>
            <input
              id="temperature"
              type="range"
              min="0"
              max="2"
              step="0.1"
              value={temperature}
              onChange={(event) => {
                setTemperature(event.target.value)
                setUseDefaultTemperature(false)
              }}
              className="w-full accent-primary"
            />
            <label className="mt-1 flex items-center gap-2 text-xs text-gray-300">
              <input
                type="checkbox"
                checked={useDefaultTemperature}
                onChange={(event) => setUseDefaultTemperature(event.target.checked)}
                className="accent-primary"
              />
              Use the default
            </label>
          </div>
          <div>
            <label htmlFor="max-tokens" className="mb-1 block text-sm text-gray-300">
              Max tokens
            </label>
            <input
              id="max-tokens"
              type="number"
              min="1"
              step="1"
              inputMode="numeric"
              value={maxTokens}
              onChange={(event) => setMaxTokens(event.target.value)}
              placeholder="No limit (LM Studio's default)"
              aria-invalid={!maxTokensValid}
              aria-describedby={maxTokensValid ? undefined : 'max-tokens-error'}
              className={INPUT_CLASS}
            />
            {!maxTokensValid && (
              <p id="max-tokens-error" className="mt-1 text-xs text-red-300">
                A whole number of at least 1, or empty for no limit.
              </p>
            )}
          </div>
        </div>
        {isAskingToClose && (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-100">
            <span>These settings have unsaved changes.</span>
            <span className="flex gap-2">
              <button
                ref={keepEditingRef}
                type="button"
                onClick={() => setAskingToClose(false)}
                className="rounded-md px-3 py-1 hover:bg-amber-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
              >
                Keep editing
              </button>
              <button
                type="button"
                onClick={onClose}
                className="rounded-md px-3 py-1 font-medium hover:bg-amber-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
              >
                Discard changes
              </button>
            </span>
          </div>
        )}
        <div className="flex items-center justify-end gap-3">
          {status === 'saved' && !isDirty && (
            <span role="status" className="text-sm text-emerald-300">
              Saved
            </span>
          )}
          <button
            type="submit"
            disabled={!maxTokensValid || status === 'saving'}
            className="rounded-lg bg-gradient-to-r from-primary to-secondary px-4 py-2 text-sm font-medium text-white hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light disabled:opacity-50"
          >
            Save settings
          </button>
        </div>
      </form>
    </section>
  )
}

export default SettingsPanel

import { useId, useState } from 'react'
import { contextChoices, contextLengthError } from './modelLoading'

const INPUT =
  'w-48 rounded-lg border border-dark-lighter bg-dark px-2 py-1 text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary aria-[invalid=true]:border-red-400'
const LOAD_BUTTON =
  'rounded-lg bg-gradient-to-r from-primary to-secondary px-3 py-1 text-sm font-medium text-white hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary aria-disabled:cursor-not-allowed aria-disabled:opacity-50'

/**
 * A model that is not loaded: the context length to load it with (empty: LM Studio's default;
 * common sizes suggested up to the model's maximum; a value the backend would refuse says why at
 * once) and Load, unavailable while this model loads. Unavailable, not disabled: a disabled
 * control drops the keyboard focus to the page behind the dialog, where Escape and Tab no
 * longer reach it. `name` names the model for the controls.
 */
const LoadControls = ({ model, name, isLoading, onLoad }) => {
  const [text, setText] = useState('')
  const id = useId()
  const error = contextLengthError(text, model.max_context_length)
  const unavailable = Boolean(error) || isLoading
  const load = () => {
    if (!unavailable) onLoad(text.trim() === '' ? null : Number(text))
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-end gap-2">
        {/* The label sits over its field, not over the row's controls as a whole. */}
        <div className="flex flex-col gap-0.5">
          <label htmlFor={`${id}-length`} className="text-xs text-gray-300">
            Context length
          </label>
          <input
            id={`${id}-length`}
            type="number"
            min="512"
            max={model.max_context_length ?? undefined}
            step="1"
            inputMode="numeric"
            list={`${id}-sizes`}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') load()
            }}
            placeholder="LM Studio’s default"
            aria-label={`Context length for ${name}`}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${id}-error` : undefined}
            readOnly={isLoading}
            className={INPUT}
          />
        </div>
        <datalist id={`${id}-sizes`}>
          {contextChoices(model.max_context_length).map((length) => (
            <option key={length} value={length} />
          ))}
        </datalist>
        <button type="button" onClick={load} aria-disabled={unavailable} aria-label={`Load ${name}`} className={LOAD_BUTTON}>
          Load
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="max-w-[16rem] text-right text-xs text-red-300">
          {error}
        </p>
      )}
    </div>
  )
}

export default LoadControls

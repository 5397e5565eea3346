import { MODEL_DEFAULT, NUMBER_FIELDS, OVERFLOW_CHOICES } from './settingsForm'

export const INPUT_CLASS =
  'w-full rounded-lg border border-dark-lighter bg-dark px-3 py-2 text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary aria-[invalid=true]:border-red-400'
const STOP_INPUT_CLASS =
  'w-full rounded-lg border border-dark-lighter bg-dark px-3 py-2 font-mono text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary aria-[invalid=true]:border-red-400'
const LABEL_CLASS = 'mb-1 block text-sm text-gray-300'

/**
 * The fields of a settings form (settingsForm.js): system prompt, optionally the model, temperature,
 * max tokens, sampling, stop strings and what to do when the conversation outgrows the context.
 * `idPrefix` keeps ids unique when two forms are on the page; `models` lists the model choices
 * when the form names one (defaults, presets).
 */
const SettingsFields = ({ form, errors, onChange, idPrefix = '', models = null, defaultModel = null }) => {
  const id = (name) => `${idPrefix}${name}`
  return (
    <>
      <div>
        <label htmlFor={id('system-prompt')} className={LABEL_CLASS}>
          System prompt
        </label>
        <textarea
          id={id('system-prompt')}
          value={form.system_prompt}
          onChange={(event) => onChange({ system_prompt: event.target.value })}
          rows={3}
          placeholder="e.g. You are a concise assistant. Answer in English."
          className={INPUT_CLASS}
        />
      </div>
      {models && (
        <div>
          <label htmlFor={id('model')} className={LABEL_CLASS}>
            Model
          </label>
          <select id={id('model')} value={form.model} onChange={(event) => onChange({ model: event.target.value })} className={INPUT_CLASS}>
            <option value="">{defaultModel ? `Whichever is loaded (now ${defaultModel})` : 'Whichever is loaded'}</option>
            {[...models, ...(form.model && !models.includes(form.model) ? [form.model] : [])].map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={id('temperature')} className="mb-1 flex items-center justify-between text-sm text-gray-300">
            <span>Temperature</span>
            <span className="font-mono text-gray-200">
              {form.useDefaultTemperature ? MODEL_DEFAULT : Number(form.temperature).toFixed(1)}
            </span>
          </label>
          <input
            id={id('temperature')}
            type="range"
            min="0"
            max="2"
            step="0.1"
            value={form.temperature}
            aria-valuetext={form.useDefaultTemperature ? MODEL_DEFAULT : undefined}
            onChange={(event) => onChange({ temperature: event.target.value, useDefaultTemperature: false })}
            className="w-full accent-primary"
          />
          <label className="mt-1 flex items-center gap-2 text-xs text-gray-300">
            <input
              type="checkbox"
              checked={form.useDefaultTemperature}
              onChange={(event) => onChange({ useDefaultTemperature: event.target.checked })}
              className="accent-primary"
            />
            {MODEL_DEFAULT}
          </label>
        </div>
        {NUMBER_FIELDS.map((field) => (
          <div key={field.key}>
            <label htmlFor={id(field.id)} className={LABEL_CLASS}>
              {field.label}
            </label>
            <input
              id={id(field.id)}
              type="number"
              min={field.minExclusive ? undefined : field.min}
              max={field.max}
              step={field.integer ? 1 : field.step}
              inputMode={field.integer ? 'numeric' : 'decimal'}
              value={form[field.key]}
              onChange={(event) => onChange({ [field.key]: event.target.value })}
              placeholder={field.placeholder}
              aria-invalid={Boolean(errors[field.key])}
              aria-describedby={errors[field.key] ? id(`${field.id}-error`) : undefined}
              className={INPUT_CLASS}
            />
            {errors[field.key] && (
              <p id={id(`${field.id}-error`)} className="mt-1 text-xs text-red-300">
                {errors[field.key]}
              </p>
            )}
          </div>
        ))}
        <div>
          <label htmlFor={id('stop')} className={LABEL_CLASS}>
            Stop strings <span className="text-gray-400">(one per line, up to 4; \n for a line break)</span>
          </label>
          <textarea
            id={id('stop')}
            value={form.stop}
            onChange={(event) => onChange({ stop: event.target.value })}
            rows={2}
            placeholder="None"
            aria-invalid={Boolean(errors.stop)}
            aria-describedby={errors.stop ? id('stop-error') : undefined}
            className={STOP_INPUT_CLASS}
          />
          {errors.stop && (
            <p id={id('stop-error')} className="mt-1 text-xs text-red-300">
              {errors.stop}
            </p>
          )}
        </div>
      </div>
      <div>
        <label htmlFor={id('context-overflow')} className={LABEL_CLASS}>
          When the conversation outgrows the model’s context window
        </label>
        <select
          id={id('context-overflow')}
          value={form.context_overflow}
          onChange={(event) => onChange({ context_overflow: event.target.value })}
          className={INPUT_CLASS}
        >
          {OVERFLOW_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
    </>
  )
}

export default SettingsFields

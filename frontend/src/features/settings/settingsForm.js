// The settings a conversation, the defaults and a preset share, as a form edits them: every value
// a string or boolean while typed, checked against the ranges the backend (and LM Studio) accept,
// and turned back into the API's values (null: leave it to LM Studio, the model's default). Pure; no I/O here.

// An unset setting is not sent: LM Studio then uses the model's own default, which the page does
// not know, so the forms say "Model default" rather than any number.
export const MODEL_DEFAULT = 'Model default'
// Where the temperature slider rests while the temperature is unset (a position, never sent).
export const SLIDER_REST_TEMPERATURE = 0.7
// The backend's limits (backend/models.py).
export const MAX_STOP_STRINGS = 4
export const MAX_STOP_CHARS = 100
// How long LM Studio keeps an idle model it loaded on demand, at most (backend/models.py MAX_TTL_S).
const MAX_TTL_MINUTES = 30 * 24 * 60
export const LM_STUDIO_TTL_DEFAULT = 'LM Studio’s default (1 hour)'

/** The numeric settings besides temperature (a slider), with their ranges and what empty means. */
export const NUMBER_FIELDS = [
  {
    key: 'max_tokens',
    id: 'max-tokens',
    label: 'Max tokens',
    integer: true,
    min: 1,
    max: 1_048_576,
    placeholder: MODEL_DEFAULT,
    rule: 'A whole number of at least 1, or empty for the model default.',
  },
  { key: 'top_p', id: 'top-p', label: 'Top P', min: 0, max: 1, step: 0.01, placeholder: MODEL_DEFAULT, rule: 'From 0 to 1, or empty for the model default.' },
  { key: 'top_k', id: 'top-k', label: 'Top K', integer: true, min: 1, max: 1000, placeholder: MODEL_DEFAULT, rule: 'A whole number from 1 to 1000, or empty for the model default.' },
  { key: 'min_p', id: 'min-p', label: 'Min P', min: 0, max: 1, step: 0.01, placeholder: MODEL_DEFAULT, rule: 'From 0 to 1, or empty for the model default.' },
  {
    key: 'repeat_penalty',
    id: 'repeat-penalty',
    label: 'Repeat penalty',
    min: 0,
    minExclusive: true,
    max: 2,
    step: 0.05,
    placeholder: MODEL_DEFAULT,
    rule: 'Above 0 and at most 2 (1 changes nothing), or empty for the model default.',
  },
  {
    // LM Studio's `ttl`: a model it loaded for a reply is unloaded after this long unused. Typed
    // in minutes (`perUnit` seconds each), stored in seconds; under a minute the model would be
    // unloaded between two turns, so the backend refuses it (backend/models.py MIN_TTL_S).
    key: 'ttl_s',
    id: 'ttl',
    label: 'Unload after idle (minutes)',
    perUnit: 60,
    min: 1,
    max: MAX_TTL_MINUTES,
    step: 1,
    placeholder: LM_STUDIO_TTL_DEFAULT,
    rule: `At least 1 minute (sooner, the model would be unloaded between two messages) and at most 30 days (${MAX_TTL_MINUTES.toLocaleString('en')} minutes), or empty for LM Studio’s default (1 hour).`,
  },
]

export const OVERFLOW_CHOICES = [
  { value: 'error', label: 'Stop and say what to do' },
  { value: 'truncate_middle', label: 'Leave out older messages (keep the first and the newest)' },
]

/** A form's state from stored settings (a conversation, the defaults, a preset). */
export function toForm(settings = {}) {
  const form = {
    system_prompt: settings.system_prompt ?? '',
    model: settings.model ?? '',
    temperature: settings.temperature ?? SLIDER_REST_TEMPERATURE,
    useDefaultTemperature: settings.temperature == null,
    stop: (settings.stop ?? []).map(encodeStop).join('\n'),
    context_overflow: settings.context_overflow ?? 'error',
  }
  for (const field of NUMBER_FIELDS) {
    const value = settings[field.key]
    form[field.key] = value == null ? '' : String(field.perUnit ? Math.round((value / field.perUnit) * 100) / 100 : value)
  }
  return form
}

// Stop strings are edited one per line, so a line break inside one is written \n (and a
// backslash \\): "\n\n" stops at the first blank line.
const encodeStop = (stop) => stop.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')
const decodeStop = (line) => line.replace(/\\(\\|n)/g, (_, escaped) => (escaped === 'n' ? '\n' : '\\'))

function stopStrings(text) {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(decodeStop)
}

function numberError(field, text) {
  if (text.trim() === '') return null
  const value = Number(text)
  const belowMin = field.minExclusive ? value <= field.min : value < field.min
  if (!Number.isFinite(value) || belowMin || value > field.max || (field.integer && !Number.isInteger(value))) {
    return field.rule
  }
  return null
}

/** { field key: sentence } for every value the backend would refuse. */
export function validate(form) {
  const errors = {}
  for (const field of NUMBER_FIELDS) {
    const error = numberError(field, form[field.key])
    if (error) errors[field.key] = error
  }
  const stops = stopStrings(form.stop)
  if (stops.length > MAX_STOP_STRINGS) errors.stop = `At most ${MAX_STOP_STRINGS} stop strings, one per line.`
  else if (stops.some((stop) => stop.length > MAX_STOP_CHARS)) errors.stop = `Each stop string has at most ${MAX_STOP_CHARS} characters.`
  return errors
}

/** The API's values of a valid form (`withModel`: the defaults and presets name one; a
 * conversation's model is chosen in the header). */
export function fromForm(form, { withModel = false } = {}) {
  const settings = {
    system_prompt: form.system_prompt.trim() ? form.system_prompt : null,
    temperature: form.useDefaultTemperature ? null : Number(form.temperature),
  }
  for (const field of NUMBER_FIELDS) {
    const text = form[field.key].trim()
    settings[field.key] = text === '' ? null : field.perUnit ? Math.round(Number(text) * field.perUnit) : Number(text)
  }
  const stops = stopStrings(form.stop)
  settings.stop = stops.length ? stops : null
  settings.context_overflow = form.context_overflow === 'error' ? null : form.context_overflow
  if (withModel) settings.model = form.model || null
  return settings
}

/** Whether the form says something other than the stored settings. */
export function isDirty(form, settings, options) {
  if (Object.keys(validate(form)).length) return true // something typed that cannot be saved yet
  const current = fromForm(form, options)
  const saved = fromForm(toForm(settings), options)
  return Object.keys(current).some((key) => JSON.stringify(current[key]) !== JSON.stringify(saved[key]))
}

const withModelKey = (settings) => JSON.stringify(fromForm(toForm(settings), { withModel: true }))

/** The preset whose settings are exactly `settings` (the API's values, model included): the one
 * the conversation uses. Null when none is. */
export function presetInUse(presets, settings) {
  const key = withModelKey(settings)
  return presets.find((preset) => withModelKey(preset) === key) ?? null
}

/** What a save or an apply says afterwards (shown by Outcome). */
export const succeeded = (text) => ({ text, isError: false })
export const failed = (text) => ({ text, isError: true })

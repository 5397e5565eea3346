// What the models panel says about loading a model: its size, the context lengths to offer, which
// ones the backend would refuse, and the sentences of a load's outcome. Pure; no I/O here.

// The smallest window the backend loads a model with (backend/models.py MIN_LOAD_CONTEXT).
export const MIN_LOAD_CONTEXT = 512
// The sizes LM Studio's own load dialog steps through, offered up to the model's maximum.
const COMMON_CONTEXT_LENGTHS = [2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576]

const tokens = (count) => `${count.toLocaleString('en')} tokens`

/** "7B · 4.1 GB": the parameters and the download's size, as far as LM Studio says them. LM
 * Studio counts sizes in decimal gigabytes, as disks do. */
export function modelSize(model) {
  const parts = []
  if (model.params) parts.push(model.params)
  if (model.size_bytes) parts.push(`${(model.size_bytes / 1e9).toFixed(1)} GB`)
  return parts.join(' · ')
}

/** The context lengths to suggest for a model: the common sizes it can take, and its maximum. */
export function contextChoices(maxContextLength) {
  if (!maxContextLength) return COMMON_CONTEXT_LENGTHS.slice(0, 5)
  const fitting = COMMON_CONTEXT_LENGTHS.filter((length) => length < maxContextLength)
  return [...fitting, maxContextLength]
}

/** Why the backend would refuse this typed context length (null when it would not): a whole
 * number from 512 up to the model's maximum; empty means LM Studio's default. */
export function contextLengthError(text, maxContextLength) {
  if (text.trim() === '') return null
  const value = Number(text)
  const upTo = maxContextLength ? ` and at most ${tokens(maxContextLength)} (this model’s maximum)` : ''
  if (!Number.isInteger(value) || value < MIN_LOAD_CONTEXT || (maxContextLength && value > maxContextLength)) {
    return `A whole number of at least ${MIN_LOAD_CONTEXT}${upTo}, or empty for LM Studio’s default.`
  }
  return null
}

/** "Loaded with 8,192 tokens": the window LM Studio really gave, which may be less than asked. */
export function loadedSentence(contextLength) {
  return contextLength ? `Loaded with ${tokens(contextLength)}` : 'Loaded'
}

/** A loaded model's state line: "Loaded · 8,192 tokens". */
export function loadedState(contextLength) {
  return contextLength ? `Loaded · ${tokens(contextLength)}` : 'Loaded'
}

/** A model not loaded: "Not loaded · up to 32,768 tokens". */
export function notLoadedState(maxContextLength) {
  return maxContextLength ? `Not loaded · up to ${tokens(maxContextLength)}` : 'Not loaded'
}

// What the model picker says about LM Studio's models: which are loaded, and one short line of
// what each is. Pure functions; no I/O here.
import { chatModels } from '../../state/settings/selectors'
import { formatTokens } from '../../utils/format'

/** Loaded models first (in use now), then the ones LM Studio loads on first use; unknown state
 * (servers without LM Studio's native API) counts as loaded: they answer when asked. */
export function groupModels(catalog) {
  const models = chatModels(catalog)
  return {
    loaded: models.filter((model) => model.state !== 'not-loaded'),
    available: models.filter((model) => model.state === 'not-loaded'),
  }
}

/** "8B · 32K context · Q4_K_M · vision": what tells models apart, as far as the server says
 * (the parameters only where the id does not already say them, as "qwen3-8b" does). */
export function describeModel(model) {
  const context = model.context_length ?? model.max_context_length
  const parts = []
  if (model.params && !model.id.toLowerCase().includes(model.params.toLowerCase())) parts.push(model.params)
  if (context) parts.push(`${formatTokens(context)} context${model.context_length ? '' : ' max'}`)
  if (model.quantization) parts.push(model.quantization)
  if (model.vision || model.type === 'vlm') parts.push('vision')
  return parts.join(' · ')
}

/** A model that can see images, to offer instead of `except` (which cannot): a loaded one first
 * (it answers at once), else one LM Studio loads on first use; null when there is none. */
export function seeingModel(catalog, except) {
  const seeing = chatModels(catalog ?? []).filter((model) => (model.vision || model.type === 'vlm') && model.id !== except)
  return (seeing.find((model) => model.state === 'loaded') ?? seeing[0])?.id ?? null
}

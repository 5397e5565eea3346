// What the page says about models, from GET /api/models/catalog: which can chat, which are
// loaded, and one short line of what each is. Pure functions; no I/O here.

/** "4K", "32K", "128K", "1.5K", "900": token counts as people say them. */
export function formatTokens(count) {
  if (count == null) return ''
  if (count < 1000) return String(Math.round(count))
  const thousands = count / 1024
  const rounded = thousands >= 10 ? Math.round(thousands) : Math.round(thousands * 10) / 10
  return `${rounded}K`
}

/** Models a conversation can use: every one but embedding models. */
export function chatModels(catalog) {
  return (catalog ?? []).filter((model) => model.type !== 'embeddings')
}

/** Loaded models first (in use now), then the ones LM Studio loads on first use; unknown state
 * (servers without LM Studio's native API) counts as loaded: they answer when asked. */
export function groupModels(catalog) {
  const models = chatModels(catalog)
  return {
    loaded: models.filter((model) => model.state !== 'not-loaded'),
    available: models.filter((model) => model.state === 'not-loaded'),
  }
}

/** "32K context · Q4_K_M · vision": what tells models apart, as far as the server says. */
export function describeModel(model) {
  const context = model.context_length ?? model.max_context_length
  const parts = []
  if (context) parts.push(`${formatTokens(context)} context${model.context_length ? '' : ' max'}`)
  if (model.quantization) parts.push(model.quantization)
  if (model.vision || model.type === 'vlm') parts.push('vision')
  return parts.join(' · ')
}

export function findModel(catalog, id) {
  return (catalog ?? []).find((model) => model.id === id) ?? null
}

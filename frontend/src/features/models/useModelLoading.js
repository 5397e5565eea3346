// Loading and ejecting models from the page: what each load and eject is doing or did, kept while
// the models panel is closed (a load can take minutes), and the catalog asked again afterwards so
// the picker, the context meter and the panel show LM Studio's new state.
import { useState } from 'react'
import { api } from '../../services/api'
import { findModel } from '../../state/settings/selectors'

/** `loads` without the "Loaded with N tokens" of models `catalog` lists as not loaded, once the
 * catalog has been asked since their load (`asked`); `loads` itself when there is none. */
function withoutEjectedElsewhere(loads, catalog) {
  const gone = Object.keys(loads).filter(
    (id) => loads[id].status === 'loaded' && loads[id].asked && findModel(catalog, id)?.state !== 'loaded',
  )
  if (gone.length === 0) return loads
  const kept = { ...loads }
  gone.forEach((id) => delete kept[id])
  return kept
}

/**
 * `refreshCatalog()` asks LM Studio's models again (a promise); `catalog` is the latest answer.
 * Answers { loads, ejects,
 * unsupported, load, eject }: `loads[model id]` is { status: 'loading', since }
 * (performance.now()), { status: 'loaded', contextLength, asked } or { status: 'failed', message };
 * `asked` is false until the catalog has been asked again after the load: until then the panel
 * shows the model loaded whatever the older catalog says; `ejects[instance id]` is
 * { status: 'ejecting' } (until the catalog has been asked again after LM Studio ejected it) or
 * { status: 'failed', message }; `unsupported` is the backend's
 * sentence once it said the server cannot load models (HTTP 501: not LM Studio 0.4's API).
 */
export function useModelLoading(refreshCatalog, catalog) {
  const [loads, setLoads] = useState({})
  const [ejects, setEjects] = useState({})
  const [unsupported, setUnsupported] = useState(null)

  // Each new catalog has the last word on loads it was asked after: a model ejected in LM Studio's
  // own app loses its "Loaded with N tokens" for good, rather than only while the catalog says
  // not loaded (the sentence would come back, wrong, were the model loaded again some other way).
  // Adjusted while rendering, as React does for state following a prop, not in an effect.
  const [catalogSeen, setCatalogSeen] = useState(catalog)
  if (catalog !== catalogSeen) {
    setCatalogSeen(catalog)
    if (catalog) setLoads((current) => withoutEjectedElsewhere(current, catalog))
  }

  const settle = (setter, key, outcome) =>
    setter((current) => {
      const next = { ...current }
      if (outcome) next[key] = outcome
      else delete next[key]
      return next
    })

  // A 501 is said once for the whole panel, not under the model that met it.
  const failure = (error) => {
    if (error.status === 501) {
      setUnsupported(error.message)
      return null
    }
    return { status: 'failed', message: error.message }
  }

  const load = async (model, contextLength) => {
    settle(setLoads, model, { status: 'loading', since: performance.now() })
    let outcome
    try {
      const loaded = await api.loadModel(model, contextLength)
      outcome = { status: 'loaded', contextLength: loaded.context_length, asked: false }
    } catch (error) {
      outcome = failure(error)
    }
    settle(setLoads, model, outcome)
    await refreshCatalog()
    if (outcome?.status === 'loaded') {
      // From here the catalog says whether it is still loaded (it may be ejected in LM Studio).
      setLoads((current) => (current[model] === outcome ? { ...current, [model]: { ...outcome, asked: true } } : current))
    }
  }

  const eject = async (model, instanceId) => {
    settle(setEjects, instanceId, { status: 'ejecting' })
    let ejected = false
    try {
      await api.unloadModel(instanceId)
      ejected = true
      settle(setLoads, model, null) // "Loaded with …" no longer holds
    } catch (error) {
      settle(setEjects, instanceId, failure(error))
    }
    await refreshCatalog()
    // Ejected: still 'ejecting' until the catalog, asked again, no longer lists the instance (the
    // older one does, and a second press would only be told it is not loaded).
    if (ejected) settle(setEjects, instanceId, null)
  }

  return { loads, ejects, unsupported, load, eject }
}

// Loading and ejecting models from the page: what each load and eject is doing or did, kept while
// the models panel is closed (a load can take minutes), and the catalog asked again afterwards so
// the picker, the context meter and the panel show LM Studio's new state.
import { useState } from 'react'
import { api } from '../../services/api'

/**
 * `refreshCatalog()` asks LM Studio's models again (a promise). Answers { loads, ejects,
 * unsupported, load, eject }: `loads[model id]` is { status: 'loading', since }
 * (performance.now()), { status: 'loaded', contextLength, asked } or { status: 'failed', message };
 * `asked` is false until the catalog has been asked again after the load: until then the panel
 * shows the model loaded whatever the older catalog says; `ejects[instance id]` is
 * { status: 'ejecting' } (until the catalog has been asked again after LM Studio ejected it) or
 * { status: 'failed', message }; `unsupported` is the backend's
 * sentence once it said the server cannot load models (HTTP 501: not LM Studio 0.4's API).
 */
export function useModelLoading(refreshCatalog) {
  const [loads, setLoads] = useState({})
  const [ejects, setEjects] = useState({})
  const [unsupported, setUnsupported] = useState(null)

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

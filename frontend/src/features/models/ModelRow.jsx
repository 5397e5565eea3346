import { useEffect, useRef } from 'react'
import LoadControls from './LoadControls'
import LoadingFor from './LoadingFor'
import { loadedSentence, loadedState, modelSize, notLoadedState } from './modelLoading'

const EJECT_BUTTON =
  'rounded-lg border border-dark-lighter px-3 py-1 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary aria-disabled:cursor-not-allowed aria-disabled:opacity-50'

const AVAILABLE_BUTTON = 'button:not([aria-disabled="true"])'

/**
 * One chat model in the models panel: its name, size, quantization and whether (and with what
 * window) it is loaded; Eject for each loaded instance, or Load with a context length. `load`
 * and `ejects` say what this model's load and its instances' ejects are doing or did;
 * `canManage` is false where the server cannot load models (then only what it is shows).
 */
const ModelRow = ({ model, load, ejects, canManage, onLoad, onEject }) => {
  const name = model.display_name || model.id
  const instances = model.instances?.length ? model.instances : model.state === 'loaded' ? [{ id: model.id, context_length: model.context_length }] : []
  const isLoaded = model.state === 'loaded'
  const details = [modelSize(model), model.quantization].filter(Boolean).join(' · ')
  const isLoading = load?.status === 'loading'
  // Loaded, and the catalog has not been asked again yet: shown loaded, and no Load meanwhile (a
  // second click would load a second copy). Once asked, the catalog says (it may have been
  // ejected in LM Studio's own app since).
  const awaitingCatalog = load?.status === 'loaded' && !load.asked
  const justLoaded = awaitingCatalog || (load?.status === 'loaded' && isLoaded)
  const offersLoad = model.state === 'not-loaded' && !awaitingCatalog
  const failures = instances.map((instance) => [instance.id, ejects[instance.id]]).filter(([, eject]) => eject?.status === 'failed')

  // Load and Eject take each other's place: focus that was on the one gone goes to the one that
  // came (or to the row's status while neither shows), rather than to the page behind the
  // dialog (where Escape and Tab no longer reach it).
  const rowRef = useRef(null)
  const statusRef = useRef(null)
  const hadFocusRef = useRef(false)
  useEffect(() => {
    const focusLost = !document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected
    if (!hadFocusRef.current || !focusLost) return
    const next = rowRef.current?.querySelector(AVAILABLE_BUTTON) ?? statusRef.current
    next?.focus()
  }, [model.state, instances.length, offersLoad])

  return (
    <li
      ref={rowRef}
      onFocus={() => (hadFocusRef.current = true)}
      onBlur={(event) => {
        // Left for another control (not lost with a button that went away).
        if (event.relatedTarget && !rowRef.current?.contains(event.relatedTarget)) hadFocusRef.current = false
      }}
      className="flex flex-col gap-2 border-b border-dark-lighter py-3 last:border-b-0 sm:flex-row sm:items-start sm:justify-between"
    >
      <div className="min-w-0">
        <p className="truncate text-sm font-medium text-gray-100" title={model.id}>
          {name}
        </p>
        {name !== model.id && <p className="truncate font-mono text-xs text-gray-400">{model.id}</p>}
        {details && <p className="text-xs text-gray-300">{details}</p>}
        <p className="text-xs text-gray-300">
          {isLoaded ? loadedState(model.context_length) : model.state === 'not-loaded' ? notLoadedState(model.max_context_length) : ''}
        </p>
        <p className="text-xs text-gray-200">
          {/* Said once as it starts ("Loading Qwen3 8B…": with loads under way in several rows,
              which one) and once as it ends; what the eye sees meanwhile, the seconds counting,
              is not read out each second. */}
          <span ref={statusRef} tabIndex={-1} role="status" className="focus:outline-none">
            {isLoading ? <span className="sr-only">{`Loading ${name}…`}</span> : justLoaded ? loadedSentence(load.contextLength) : ''}
          </span>
          {isLoading && <LoadingFor since={load.since} />}
        </p>
        <div role="alert" className="text-xs text-red-300">
          {load?.status === 'failed' && <p>{load.message}</p>}
          {failures.map(([instanceId, eject]) => (
            <p key={instanceId}>{eject.message}</p>
          ))}
        </div>
      </div>
      {canManage && (
        <div className="flex shrink-0 flex-col items-end gap-1">
          {instances.map((instance) => {
            const ejecting = ejects[instance.id]?.status === 'ejecting'
            return (
              <button
                key={instance.id}
                type="button"
                onClick={() => ejecting || onEject(instance.id)}
                aria-disabled={ejecting}
                aria-label={instances.length > 1 ? `Eject ${instance.id}` : `Eject ${name}`}
                className={EJECT_BUTTON}
              >
                {instances.length > 1 ? `Eject ${instance.id}` : 'Eject'}
              </button>
            )
          })}
          {offersLoad && <LoadControls model={model} name={name} isLoading={isLoading} onLoad={onLoad} />}
        </div>
      )}
    </li>
  )
}

export default ModelRow

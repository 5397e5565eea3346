import { useRef } from 'react'
import { findModel } from '../../state/settings/selectors'
import { describeModel, groupModels } from './catalog'

const SELECT_CLASSES = {
  // In the header's row on wider screens.
  regular:
    'min-w-0 max-w-[18rem] truncate rounded-lg border border-dark-lighter bg-dark-light px-2 py-1.5 text-sm text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary disabled:opacity-60',
  // Under the title on phones, so the title keeps the row's width.
  compact:
    'min-w-0 max-w-full truncate rounded border-0 bg-transparent py-0 pl-0 pr-6 text-xs text-gray-300 focus:outline-none focus:ring-2 focus:ring-primary disabled:opacity-60',
}
// Opening the picker asks LM Studio again at most this often (a model may have been loaded or
// downloaded meanwhile); in between, the backend's list of the last seconds is as good.
const REFRESH_EVERY_MS = 5000

const label = (model) => {
  const description = describeModel(model)
  return description ? `${model.id} · ${description}` : model.id
}

/**
 * The conversation's model. With LM Studio's catalog: the loaded models, then the ones it loads
 * on first use, each with its context length, quantization and whether it sees images;
 * embedding models are left out. "Default" leaves the choice to the backend and says which model
 * that is now. A remembered model the server no longer has stays selectable, marked as such.
 * Without a catalog (an older backend), the plain list of ids.
 */
const ModelPicker = ({ catalog, models, value, defaultModel, onChange, onOpen, disabled, variant = 'regular' }) => {
  const refreshedAtRef = useRef(-Infinity)
  const refresh = () => {
    if (!onOpen || performance.now() - refreshedAtRef.current < REFRESH_EVERY_MS) return
    refreshedAtRef.current = performance.now()
    onOpen()
  }
  const { loaded, available } = groupModels(catalog)
  const known = catalog ? [...loaded, ...available].map((model) => model.id) : models
  const selected = findModel(catalog, value ?? defaultModel)
  const missing = value && !known.includes(value) ? value : null

  return (
    <label className="flex min-w-0 items-center gap-2 text-sm text-gray-300">
      <span className={variant === 'regular' ? 'sr-only lg:not-sr-only' : 'sr-only'}>Model</span>
      <select
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
        onFocus={refresh}
        onMouseDown={refresh}
        disabled={disabled}
        title={selected ? label(selected) : undefined}
        className={SELECT_CLASSES[variant]}
      >
        <option value="">{defaultModel ? `Default (${defaultModel})` : 'Default model'}</option>
        {catalog ? (
          <>
            {loaded.length > 0 && (
              <optgroup label="Loaded">
                {loaded.map((model) => (
                  <option key={model.id} value={model.id}>
                    {label(model)}
                  </option>
                ))}
              </optgroup>
            )}
            {available.length > 0 && (
              <optgroup label="Not loaded — loads on first use">
                {available.map((model) => (
                  <option key={model.id} value={model.id}>
                    {label(model)}
                  </option>
                ))}
              </optgroup>
            )}
          </>
        ) : (
          models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))
        )}
        {missing && <option value={missing}>{`${missing} (not available)`}</option>}
      </select>
    </label>
  )
}

export default ModelPicker

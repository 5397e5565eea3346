const SELECT_CLASSES = {
  // In the header's row on wider screens.
  regular:
    'min-w-0 max-w-[16rem] truncate rounded-lg border border-dark-lighter bg-dark-light px-2 py-1.5 text-sm text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary disabled:opacity-60',
  // Under the title on phones, so the title keeps the row's width.
  compact:
    'min-w-0 max-w-full truncate rounded border-0 bg-transparent py-0 pl-0 pr-6 text-xs text-gray-300 focus:outline-none focus:ring-2 focus:ring-primary disabled:opacity-60',
}

/**
 * The conversation's model, from the models LM Studio lists. "Default" leaves the choice to the
 * backend and says which model that is now (LM_STUDIO_MODEL, else the model LM Studio has
 * loaded). A remembered model LM Studio no longer lists stays selectable, marked as not loaded.
 */
const ModelPicker = ({ models, value, defaultModel, onChange, disabled, variant = 'regular' }) => {
  const options = value && !models.includes(value) ? [...models, value] : models
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm text-gray-300">
      <span className={variant === 'regular' ? 'sr-only lg:not-sr-only' : 'sr-only'}>Model</span>
      <select
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
        disabled={disabled}
        className={SELECT_CLASSES[variant]}
      >
        <option value="">{defaultModel ? `Default (${defaultModel})` : 'Default model'}</option>
        {options.map((model) => (
          <option key={model} value={model}>
            {models.includes(model) ? model : `${model} (not loaded)`}
          </option>
        ))}
      </select>
    </label>
  )
}

export default ModelPicker

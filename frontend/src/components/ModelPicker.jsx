/**
 * The conversation's model, from the models LM Studio lists. "Default" leaves the choice to the
 * backend (LM_STUDIO_MODEL, else LM Studio's first model). A remembered model LM Studio no
 * longer lists stays selectable, marked as not loaded.
 */
const ModelPicker = ({ models, value, onChange, disabled }) => {
  const options = value && !models.includes(value) ? [...models, value] : models
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm text-gray-300">
      <span className="sr-only sm:not-sr-only">Model</span>
      <select
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
        disabled={disabled}
        className="min-w-0 max-w-[11rem] truncate rounded-lg border border-dark-lighter bg-dark-light px-2 py-1.5 text-sm text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary disabled:opacity-60 sm:max-w-[16rem]"
      >
        <option value="">Default model</option>
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

import { formatTokens } from '../../utils/format'

const LEVEL_CLASSES = {
  ok: { row: 'flex items-center justify-end gap-2 text-xs text-gray-400', bar: 'block h-full bg-gray-400' },
  warn: { row: 'flex items-center justify-end gap-2 text-xs text-amber-200', bar: 'block h-full bg-amber-300' },
  full: { row: 'flex items-center justify-end gap-2 text-xs text-red-300', bar: 'block h-full bg-red-400' },
}

/**
 * How much of the model's context window the conversation takes, with what is typed: "1.2K / 4K"
 * and a bar; from 80 % a warning; at 100 % what to do (the `remedies`, as buttons), unless the
 * conversation already leaves out older messages to fit (`trims`) or an error above says so (`quiet`).
 */
const ContextMeter = ({ use, trims = false, quiet = false, remedies = [], disabled = false }) => {
  if (!use) return null
  const percent = Math.round(use.share * 100)
  const level = trims && use.level === 'full' ? 'warn' : use.level
  const classes = LEVEL_CLASSES[level]
  const figures = `${formatTokens(use.used)} / ${formatTokens(use.contextLength)}`
  const description = `Context: about ${use.used.toLocaleString()} of ${use.contextLength.toLocaleString()} tokens (${percent} %)`

  return (
    <div className="mt-1 w-full" data-testid="context-meter" data-level={use.level}>
      <div className={classes.row} title={description}>
        {use.level === 'warn' && <span>Context {percent} % full: older messages will soon not fit.</span>}
        {use.level === 'full' && trims && <span>Older messages are left out to fit the context window.</span>}
        <span className="sr-only">{description}</span>
        <span aria-hidden="true" className="tabular-nums">
          {figures}
        </span>
        <span aria-hidden="true" className="h-1.5 w-16 overflow-hidden rounded-full bg-dark-lighter">
          <span className={classes.bar} style={{ width: `${Math.min(100, percent)}%` }} />
        </span>
      </div>
      {use.level === 'full' && !trims && !quiet && (
        <div role="status" className="mt-2 rounded-lg border border-red-500/40 bg-red-500/10 px-3 py-2 text-sm text-red-200">
          <p>
            This conversation no longer fits the model’s context window ({formatTokens(use.contextLength)} tokens): the
            next reply will likely fail. Go on in a new conversation, or leave out older messages.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            {remedies.map((remedy) => (
              <button
                key={remedy.label}
                type="button"
                onClick={remedy.onSelect}
                disabled={disabled}
                className="rounded-lg border border-red-400/50 px-3 py-1 text-xs font-medium text-red-100 hover:bg-red-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-300 disabled:opacity-50"
              >
                {remedy.label}
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  )
}

export default ContextMeter

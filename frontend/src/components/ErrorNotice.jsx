import { WarningIcon } from './icons'

/** Why the last reply failed (`sentence`: shorter when the notice above explains it), under it,
 * with Retry when trying again can help. */
const ErrorNotice = ({ error, sentence = error.message, onRetry }) => (
  <div role="alert" className="mb-4 flex animate-fade-in items-start gap-3 rounded-xl border border-red-500/40 bg-red-500/10 px-4 py-3 text-red-300">
    <WarningIcon className="mt-0.5 h-5 w-5 shrink-0" />
    <div className="min-w-0 flex-1">
      <p className="break-words">{sentence}</p>
    </div>
    {error.canRetry && (
      <button
        type="button"
        onClick={onRetry}
        className="shrink-0 rounded-lg border border-red-400/50 px-3 py-1 text-sm font-medium text-red-200 transition-colors hover:bg-red-500/20 focus:outline-none focus:ring-2 focus:ring-red-400"
      >
        Retry
      </button>
    )}
  </div>
)

export default ErrorNotice

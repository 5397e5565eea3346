import { WarningIcon } from '../../ui/icons'
import { formatMoment } from '../../utils/format'

const BUTTON_CLASS =
  'shrink-0 rounded-lg border border-red-400/50 px-3 py-1 text-sm font-medium text-red-200 transition-colors hover:bg-red-500/20 focus:outline-none focus:ring-2 focus:ring-red-400 disabled:opacity-50'

/** Why a reply failed (`sentence`: shorter when the notice above explains it), under it or under
 * the question it could not answer, and when (`at`, an ISO time: a failure seen again later reads
 * as old), with what can be done about it: `actions` ([{label, onSelect}]) when the failure has
 * its own remedies (a conversation too long for the context window), else Retry when trying
 * again can help. */
const ErrorNotice = ({ error, sentence = error.message, at = null, onRetry, actions = null, disabled = false }) => (
  <div role="alert" className="mb-4 flex animate-fade-in flex-wrap items-start gap-3 rounded-xl border border-red-500/40 bg-red-500/10 px-4 py-3 text-red-300">
    <WarningIcon className="mt-0.5 h-5 w-5 shrink-0" />
    <div className="min-w-0 flex-1 basis-48">
      <p className="break-words">
        <span>{sentence}</span>
        {at && (
          <>
            <span aria-hidden="true"> · </span>
            <time dateTime={at} title={new Date(at).toLocaleString()} className="text-red-300/80">
              {formatMoment(at)}
            </time>
          </>
        )}
      </p>
      {actions && (
        <div className="mt-3 flex flex-wrap gap-2">
          {actions.map((action) => (
            <button key={action.label} type="button" onClick={action.onSelect} disabled={disabled} className={BUTTON_CLASS}>
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
    {!actions && error.canRetry && (
      <button type="button" onClick={onRetry} disabled={disabled} className={BUTTON_CLASS}>
        Retry
      </button>
    )}
  </div>
)

export default ErrorNotice

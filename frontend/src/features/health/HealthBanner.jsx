import IconButton from '../../ui/IconButton'
import { CloseIcon, WarningIcon } from '../../ui/icons'
import { SMALL_UP, useMediaQuery } from '../../ui/useMediaQuery'

/**
 * Says what to do when the backend or LM Studio does not answer (`problem`, from notice.js's
 * shownNotice; null once they do); quietly when only some of several LM Studio servers do not. `onDismiss(title)` hides it until the problem changes. On a
 * phone it is one line, its advice folded below it.
 */
const HealthBanner = ({ problem, onDismiss }) => {
  const isRoomy = useMediaQuery(SMALL_UP)
  if (!problem) return null

  // A quiet problem (some of several LM Studio servers down, the others serving) is a status, not an alert.
  return (
    <div
      role={problem.quiet ? 'status' : 'alert'}
      className={
        problem.quiet
          ? 'flex items-start gap-3 border-b border-dark-lighter bg-dark-light/60 px-3 py-2 text-sm text-amber-200 sm:px-4 sm:py-2'
          : 'flex items-start gap-3 border-b border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-200 sm:px-4 sm:py-3'
      }
    >
      <WarningIcon className="mt-0.5 h-5 w-5 shrink-0" />
      <div className="min-w-0 flex-1">
        {isRoomy ? (
          <>
            <p className="font-semibold">{problem.title}</p>
            {problem.advice && <p className="mt-0.5 text-amber-200/90">{problem.advice}</p>}
          </>
        ) : (
          <details>
            <summary className="cursor-pointer font-semibold marker:text-amber-300">{problem.short ?? problem.title}</summary>
            {problem.details && <p className="mt-1 break-words text-amber-200/90">{problem.details}</p>}
            {problem.advice && <p className="mt-1 text-amber-200/90">{problem.advice}</p>}
          </details>
        )}
      </div>
      <IconButton
        label="Dismiss this notice"
        title="Dismiss this notice"
        onClick={() => onDismiss(problem.title)}
        className="-m-1 shrink-0 rounded-md p-1 text-amber-200 hover:bg-amber-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
      >
        <CloseIcon className="h-4 w-4" />
      </IconButton>
    </div>
  )
}

export default HealthBanner

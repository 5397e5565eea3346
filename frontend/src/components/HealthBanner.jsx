import { useChat } from '../contexts/ChatContext'
import { useMediaQuery } from '../ui/useMediaQuery'
import { useLayout } from '../state/layout/LayoutContext'
import { shownNotice } from '../utils/health'
import { CloseIcon, WarningIcon } from '../ui/icons'

// Below this width the banner is one line, its advice behind "How to fix".
const ROOMY_SCREEN = '(min-width: 640px)'

/**
 * Says what to do when the backend or LM Studio does not answer; disappears once they do. It can
 * be dismissed (until the problem changes); on a phone it is one line with its advice folded.
 */
const HealthBanner = () => {
  const { health } = useChat()
  const { dismissedNotice, setDismissedNotice } = useLayout()
  const isRoomy = useMediaQuery(ROOMY_SCREEN)
  const problem = shownNotice(health, dismissedNotice)
  if (!problem) return null

  return (
    <div
      role="alert"
      className="flex items-start gap-3 border-b border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-200 sm:px-4 sm:py-3"
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
      <button
        type="button"
        onClick={() => setDismissedNotice(problem.title)}
        aria-label="Dismiss this notice"
        title="Dismiss this notice"
        className="-m-1 shrink-0 rounded-md p-1 text-amber-200 hover:bg-amber-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
      >
        <CloseIcon className="h-4 w-4" />
      </button>
    </div>
  )
}

export default HealthBanner

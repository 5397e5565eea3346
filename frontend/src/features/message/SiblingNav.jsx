import { ChevronLeftIcon, ChevronRightIcon } from '../../ui/icons'

// The sibling arrows are icon-only: at least 24 × 24 px to hit (WCAG 2.2 target size).
const ARROW_CLASS =
  'flex h-7 w-7 items-center justify-center rounded-md text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:cursor-not-allowed disabled:opacity-40'

/** "‹ 2/3 ›": which of the messages with the same parent this is; the arrows show the others. */
const SiblingNav = ({ message, disabled, onSwitch }) => {
  const siblings = message.sibling_ids ?? []
  const at = siblings.indexOf(message.id)
  if (siblings.length < 2 || at < 0) return null
  const noun = message.role === 'user' ? 'version of this message' : 'reply'
  return (
    <span className="flex items-center gap-0.5 text-xs text-gray-300" role="group" aria-label={`${message.role === 'user' ? 'Message' : 'Reply'} ${at + 1} of ${siblings.length}`}>
      <button
        type="button"
        onClick={() => onSwitch(siblings[at - 1])}
        disabled={disabled || at === 0}
        aria-label={`Previous ${noun}`}
        title={`Previous ${noun}`}
        className={ARROW_CLASS}
      >
        <ChevronLeftIcon className="h-4 w-4" />
      </button>
      <span aria-hidden="true" className="tabular-nums">
        {at + 1}/{siblings.length}
      </span>
      <button
        type="button"
        onClick={() => onSwitch(siblings[at + 1])}
        disabled={disabled || at === siblings.length - 1}
        aria-label={`Next ${noun}`}
        title={`Next ${noun}`}
        className={ARROW_CLASS}
      >
        <ChevronRightIcon className="h-4 w-4" />
      </button>
    </span>
  )
}

export default SiblingNav

import { useState } from 'react'
import { ChevronDownIcon, SparklesIcon } from '../../ui/icons'
import { formatSeconds } from '../../utils/format'

/**
 * A reasoning model's thoughts: open while it is thinking, folded with its duration once the
 * answer starts. The reader can open or fold it at any time, and their choice holds from then on
 * (a reply in progress keeps this element when it is stored).
 */
const ThinkingBlock = ({ reasoning, isThinking, durationMs }) => {
  const [chosen, setChosen] = useState(null) // true, false, or null: not chosen
  const open = chosen ?? isThinking
  const label = isThinking ? 'Thinking…' : durationMs != null ? `Thought for ${formatSeconds(durationMs)}` : 'Thoughts'

  return (
    <div className="mb-3" data-testid="thinking-block">
      <button
        type="button"
        onClick={() => setChosen(!open)}
        aria-expanded={open}
        className="flex items-center gap-2 rounded-md px-1 py-0.5 text-sm text-gray-300 transition-colors hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
      >
        <SparklesIcon className={isThinking ? 'h-4 w-4 animate-pulse text-secondary' : 'h-4 w-4 text-secondary'} />
        <span>{label}</span>
        <ChevronDownIcon className={open ? 'h-4 w-4 rotate-180 transition-transform' : 'h-4 w-4 transition-transform'} />
      </button>
      {open && (
        <div className="mt-2 whitespace-pre-wrap break-words border-l-2 border-secondary/60 pl-3 text-sm text-gray-300">
          {reasoning}
        </div>
      )}
    </div>
  )
}

export default ThinkingBlock

import { useState } from 'react'
import { ChevronDownIcon } from '../../ui/icons'

/**
 * A labelled part of a tool call's card that folds: its `label` is the button that opens or
 * folds it. `initiallyOpen` holds until the reader chooses (like the thoughts of a reply), so a
 * card that asks for approval shows what it will run, and folds again once the call is decided
 * unless the reader opened it. `children` is text, shown as written (whitespace kept).
 */
const Fold = ({ label, initiallyOpen = false, children }) => {
  const [chosen, setChosen] = useState(null) // true, false, or null: not chosen
  const open = chosen ?? initiallyOpen
  return (
    <div className="mt-1">
      <button
        type="button"
        onClick={() => setChosen(!open)}
        aria-expanded={open}
        className="flex items-center gap-1 rounded px-0.5 text-xs text-gray-300 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
      >
        <ChevronDownIcon className={open ? 'h-3.5 w-3.5 rotate-180 transition-transform' : 'h-3.5 w-3.5 transition-transform'} />
        {label}
      </button>
      {open && (
        // A Tab stop: a long result scrolls, and the keyboard must reach it (WCAG 2.1.1).
        <pre
          tabIndex={0}
          aria-label={label}
          className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-dark px-2 py-1.5 font-mono text-xs text-gray-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
        >
          {children}
        </pre>
      )}
    </div>
  )
}

export default Fold

import { lazy, Suspense, useId, useState } from 'react'

// Past either limit a message shows its beginning, faded out, with "Show more": a 30,000-character
// paste would otherwise be a bubble taller than the conversation around it.
const COLLAPSE_FROM_CHARS = 1500
const COLLAPSE_FROM_LINES = 16

// Fences are found by the CommonMark parser, in its own chunk, loaded only for text with ``` or ~~~.
const FencedText = lazy(() => import('./FencedText'))

const PlainText = ({ text }) => <div className="whitespace-pre-wrap break-words">{text}</div>

function lineCount(text) {
  let lines = 1
  for (let at = text.indexOf('\n'); at !== -1 && lines <= COLLAPSE_FROM_LINES; at = text.indexOf('\n', at + 1)) lines += 1
  return lines
}

/**
 * What the user wrote, as they wrote it: plain text (no Markdown), except that fenced code blocks
 * show as code (monospace, highlighted, with Copy). Long messages start collapsed.
 */
const UserText = ({ text }) => {
  const [isExpanded, setExpanded] = useState(false)
  const bodyId = useId()
  const isLong = text.length > COLLAPSE_FROM_CHARS || lineCount(text) > COLLAPSE_FROM_LINES
  const body =
    text.includes('```') || text.includes('~~~') ? (
      <Suspense fallback={<PlainText text={text} />}>
        <FencedText text={text} />
      </Suspense>
    ) : (
      <PlainText text={text} />
    )
  if (!isLong) return body
  return (
    <>
      <div
        id={bodyId}
        className={isExpanded ? undefined : 'max-h-72 overflow-hidden [mask-image:linear-gradient(to_bottom,black_65%,transparent)]'}
        data-testid="collapsed-text"
        data-collapsed={!isExpanded}
      >
        {body}
      </div>
      <button
        type="button"
        onClick={() => setExpanded((expanded) => !expanded)}
        aria-expanded={isExpanded}
        aria-controls={bodyId}
        className="mt-2 rounded-md bg-white/15 px-2.5 py-1 text-sm font-medium text-white transition-colors hover:bg-white/25 focus:outline-none focus-visible:ring-2 focus-visible:ring-white"
      >
        {isExpanded ? 'Show less' : `Show more (${text.length.toLocaleString()} characters)`}
      </button>
    </>
  )
}

export default UserText

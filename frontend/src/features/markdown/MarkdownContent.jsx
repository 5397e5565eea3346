import { lazy, Suspense } from 'react'
import { CURSOR_CLASS } from './cursor'

// The Markdown renderer (react-markdown and friends) is its own chunk, so the first page
// load stays small; until it arrives the text shows as plain text.
const MarkdownRenderer = lazy(() => import('./MarkdownRenderer'))

// Until then: the text, and while it streams the cursor after its last character.
const PlainText = ({ text, streaming }) => (
  <div className="whitespace-pre-wrap break-words">
    {text}
    {streaming && <span className={CURSOR_CLASS} data-testid="cursor" aria-hidden="true" />}
  </div>
)

/** An assistant's text rendered as Markdown (`streaming` while it is still being written). */
const MarkdownContent = ({ text, streaming = false }) => (
  <Suspense fallback={<PlainText text={text} streaming={streaming} />}>
    <MarkdownRenderer text={text} streaming={streaming} />
  </Suspense>
)

export default MarkdownContent

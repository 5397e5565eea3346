import { lazy, Suspense } from 'react'

// The Markdown renderer (react-markdown and friends) is its own chunk, so the first page
// load stays small; until it arrives the text shows as plain text.
const MarkdownRenderer = lazy(() => import('./markdown/MarkdownRenderer'))

const PlainText = ({ text }) => <div className="whitespace-pre-wrap break-words">{text}</div>

/** An assistant's text rendered as Markdown (`streaming` while it is still being written). */
const MarkdownContent = ({ text, streaming = false }) => (
  <Suspense fallback={<PlainText text={text} />}>
    <MarkdownRenderer text={text} streaming={streaming} />
  </Suspense>
)

export default MarkdownContent

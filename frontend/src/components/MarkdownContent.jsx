import { lazy, Suspense } from 'react'

// The Markdown renderer (react-markdown and friends) is its own chunk, so the first page
// load stays small; until it arrives the text shows as plain text.
const MarkdownRenderer = lazy(() => import('./markdown/MarkdownRenderer'))

const PlainText = ({ text }) => <div className="whitespace-pre-wrap break-words">{text}</div>

/** An assistant's text rendered as Markdown. */
const MarkdownContent = ({ text }) => (
  <Suspense fallback={<PlainText text={text} />}>
    <MarkdownRenderer text={text} />
  </Suspense>
)

export default MarkdownContent

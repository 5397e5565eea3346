import { splitCopyPrefix } from './copyPrefix'

/**
 * A conversation's title on one line: a copy's prefix ("Branch: ", "Continued: ") whole, the rest
 * shortened with an ellipsis after it, so a narrow row still says what the conversation is.
 * `renderText(text)` draws each part (e.g. with the search's words marked).
 */
const ConversationTitle = ({ title, renderText = (text) => text }) => {
  const { prefix, rest } = splitCopyPrefix(title)
  return (
    <span className="flex min-w-0 text-sm font-medium">
      {prefix && <span className="shrink-0 whitespace-pre">{renderText(prefix)}</span>}
      <span className="truncate">{renderText(rest)}</span>
    </span>
  )
}

export default ConversationTitle

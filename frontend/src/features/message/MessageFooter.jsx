import { SMALL_UP, useMediaQuery } from '../../ui/useMediaQuery'

const ROW_CLASSES = {
  user: 'mt-1 flex min-h-[1.75rem] max-w-[85%] flex-wrap items-center gap-1 px-1 sm:max-w-[80%]',
  assistant: 'mt-1 flex min-h-[1.75rem] flex-wrap items-center gap-1 px-1',
}

// Older messages show their details and actions on hover (always on touch screens and narrow
// ones); the latest reply, and the one being written, always show them.
const ACTIONS_SHOWN = 'relative flex flex-wrap items-center gap-1 focus-within:z-20'
const ACTIONS_ON_HOVER =
  'relative flex flex-wrap items-center gap-1 opacity-100 transition-opacity focus-within:z-20 md:opacity-0 md:focus-within:opacity-100 md:group-hover:opacity-100 [@media(hover:none)]:opacity-100'
const DETAILS_SHOWN = 'ml-1 text-xs text-gray-400'
const DETAILS_ON_HOVER =
  'ml-1 text-xs text-gray-400 opacity-100 transition-opacity md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100 [@media(hover:none)]:opacity-100'

/**
 * Below a message: the actions (`children`), the ‹ k/n › arrows (`siblings`) and its `details`
 * (model, stats: after the arrows on wider screens, one truncated line of their own above the
 * actions on a phone). The same rows while a reply is written as after it, so nothing below the
 * text moves when it ends. The arrows (which appear with a second version) and the details (whose
 * length changes) come after the actions as the row reads from its aligned side (the left for a
 * reply, the right for the user's message), so they never push the buttons under the pointer.
 */
const MessageFooter = ({ isUser = false, details = '', siblings = null, alwaysShown = false, inProgress = false, children }) => {
  const isWide = useMediaQuery(SMALL_UP)
  const shown = alwaysShown || inProgress
  return (
    <>
      {!isWide && details && (
        <p className="mt-1 truncate px-1 text-xs text-gray-400" title={details} data-testid="message-details">
          {details}
        </p>
      )}
      <div className={isUser ? ROW_CLASSES.user : ROW_CLASSES.assistant}>
        {isUser && siblings}
        <div className={shown ? ACTIONS_SHOWN : ACTIONS_ON_HOVER} data-testid={inProgress ? undefined : 'message-actions'}>
          {children}
        </div>
        {!isUser && siblings}
        {isWide && details && (
          <span className={shown ? DETAILS_SHOWN : DETAILS_ON_HOVER} data-testid="message-details">
            {details}
          </span>
        )}
      </div>
    </>
  )
}

export default MessageFooter

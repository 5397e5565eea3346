import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { SendIcon, SpinnerIcon, StopIcon } from './icons'

const MAX_TEXTAREA_HEIGHT_PX = 200

/**
 * The message box: Enter sends, Shift+Enter adds a line. While a reply streams it is
 * disabled and the send button spins; `onStop` adds a Stop button for that time.
 */
const MessageInput = ({ onSendMessage, disabled, onStop, onEditLast }) => {
  const [input, setInput] = useState('')
  const textareaRef = useRef(null)

  // Grow with the text up to a limit, then scroll.
  useLayoutEffect(() => {
    const textarea = textareaRef.current
    if (!textarea) return
    textarea.style.height = 'auto'
    textarea.style.height = `${Math.min(textarea.scrollHeight, MAX_TEXTAREA_HEIGHT_PX)}px`
  }, [input])

  // A disabled textarea loses focus; give it back when the reply is over.
  useEffect(() => {
    if (!disabled) textareaRef.current?.focus()
  }, [disabled])

  const handleSubmit = (event) => {
    event.preventDefault()
    if (!input.trim() || disabled) return
    onSendMessage(input)
    setInput('')
  }

  const handleKeyDown = (event) => {
    // Enter while an input method is composing (e.g. Japanese) confirms the composition instead.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      handleSubmit(event)
    } else if (event.key === 'ArrowUp' && !input && onEditLast) {
      event.preventDefault()
      onEditLast()
    }
  }

  return (
    <form onSubmit={handleSubmit} className="border-t border-dark-lighter bg-dark-light p-3 sm:p-4">
      <div className="mx-auto flex max-w-3xl items-end gap-2 sm:gap-3">
        <textarea
          ref={textareaRef}
          value={input}
          onChange={(event) => setInput(event.target.value)}
          onKeyDown={handleKeyDown}
          placeholder="Type your message..."
          aria-label="Message"
          rows={1}
          disabled={disabled}
          className="flex-1 resize-none rounded-xl bg-dark-lighter px-4 py-3 text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary disabled:cursor-not-allowed disabled:opacity-60"
        />
        {disabled && onStop && (
          <button
            type="button"
            onClick={onStop}
            data-testid="stop-button"
            aria-label="Stop generating"
            title="Stop generating"
            className="flex h-12 items-center gap-2 rounded-xl border border-dark-lighter bg-dark px-4 text-sm font-medium text-gray-200 transition-colors hover:border-red-400 hover:text-red-300 focus:outline-none focus:ring-2 focus:ring-red-400"
          >
            <StopIcon />
            Stop
          </button>
        )}
        <button
          type="submit"
          disabled={!input.trim() || disabled}
          aria-label={disabled ? 'Waiting for the reply' : 'Send message'}
          className="flex h-12 w-12 items-center justify-center rounded-xl bg-gradient-to-r from-primary to-secondary text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light disabled:cursor-not-allowed disabled:opacity-50"
        >
          {disabled ? <SpinnerIcon /> : <SendIcon />}
        </button>
      </div>
    </form>
  )
}

export default MessageInput

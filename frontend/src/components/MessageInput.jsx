import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { clearDraft, loadDraft, saveDraft } from '../utils/drafts'
import { MESSAGE_BOX_ID, isFocusIdle } from '../utils/focus'
import ContextMeter from './ContextMeter'
import { SendIcon, SpinnerIcon, StopIcon } from './icons'

const MAX_TEXTAREA_HEIGHT_PX = 200

const hasFinePointer = () => window.matchMedia?.('(pointer: fine)').matches ?? true
// The character counter appears once the text is this close to the backend's limit.
const COUNTER_FROM = 0.8

/**
 * The message box: Enter sends, Shift+Enter adds a line. What is typed is the user's: it is kept
 * per conversation (a reload or a switch keeps it) and cleared only once the backend accepted
 * the message; a refused one stays, with the reason beside it. While a reply streams the box
 * stays editable, and a message sent meanwhile goes as soon as the reply ends or is stopped.
 * `context` ({ measure(draft), trims, quiet, remedies }) feeds the context meter under the box.
 */
const MessageInput = ({ conversationId, onSendMessage, isStreaming, onStop, onEditLast, maxChars, context = null }) => {
  const [input, setInput] = useState(() => loadDraft(conversationId))
  const [isQueued, setQueued] = useState(false)
  const [isSending, setSending] = useState(false)
  const [refusal, setRefusal] = useState(null)
  const textareaRef = useRef(null)
  const tooLong = maxChars != null && input.length > maxChars

  // Grow with the text up to a limit, then scroll.
  useLayoutEffect(() => {
    const textarea = textareaRef.current
    if (!textarea) return
    textarea.style.height = 'auto'
    textarea.style.height = `${Math.min(textarea.scrollHeight, MAX_TEXTAREA_HEIGHT_PX)}px`
  }, [input])

  const change = (text) => {
    setInput(text)
    saveDraft(conversationId, text)
    if (refusal) setRefusal(null)
  }

  const send = () => {
    const text = input
    // The draft's owner when Enter was pressed: on the start page, 'new', even once the first
    // message has created the conversation.
    const owner = conversationId
    setQueued(false)
    setSending(true)
    onSendMessage(text, {
      onAccepted: () => {
        setSending(false)
        setRefusal(null)
        clearDraft(owner)
        // What was typed after pressing Enter (while the backend answered) stays in the box.
        setInput((current) => (current === text ? '' : current))
      },
      onRefused: (sentence) => {
        setSending(false)
        setRefusal(sentence)
      },
    })
  }

  // A message queued while a reply streamed goes once it has ended.
  useEffect(() => {
    if (!isStreaming && isQueued) send()
    // send reads the latest input; the trigger is the reply ending.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isStreaming, isQueued])

  // The box takes the focus when it appears and when a reply ends (Stop, which had it, is gone),
  // unless the focus is somewhere on purpose (search, a menu) or the screen is a touch screen,
  // where focusing would push up the on-screen keyboard unasked.
  useEffect(() => {
    const box = textareaRef.current
    if (isStreaming || !box) return
    if (isFocusIdle() && hasFinePointer()) box.focus()
  }, [isStreaming])

  const handleSubmit = (event) => {
    event.preventDefault()
    if (!input.trim() || isSending) return
    if (tooLong) {
      setRefusal(`Too long to send: ${input.length.toLocaleString()} characters; the limit is ${maxChars.toLocaleString()}.`)
      return
    }
    if (isStreaming) setQueued(true)
    else send()
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

  const showCounter = maxChars != null && input.length >= maxChars * COUNTER_FROM
  const busy = isSending || isQueued

  return (
    <form
      onSubmit={handleSubmit}
      data-testid="composer"
      // Busy from Enter until the reply has ended: what tests and assistive tools wait on.
      aria-busy={busy || isStreaming || undefined}
      className="border-t border-dark-lighter bg-dark-light p-3 sm:p-4"
    >
      <div className="mx-auto max-w-[52rem]">
        <div className="flex items-end gap-2 sm:gap-3">
          <textarea
            ref={textareaRef}
            id={MESSAGE_BOX_ID}
            value={input}
            onChange={(event) => change(event.target.value)}
            onKeyDown={handleKeyDown}
            placeholder="Type your message..."
            aria-label="Message"
            aria-invalid={tooLong || undefined}
            aria-describedby={refusal ? 'message-refusal' : showCounter ? 'message-counter' : undefined}
            rows={1}
            className="flex-1 resize-none rounded-xl bg-dark-lighter px-4 py-3 text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary"
          />
          {isStreaming && onStop && (
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
            disabled={!input.trim() || busy}
            aria-label={isQueued ? 'Waiting for the reply to end' : isStreaming ? 'Send when the reply ends' : 'Send message'}
            title={isStreaming ? 'Send when the reply ends' : 'Send message'}
            className="flex h-12 w-12 items-center justify-center rounded-xl bg-gradient-to-r from-primary to-secondary text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light disabled:cursor-not-allowed disabled:opacity-50"
          >
            {busy || (isStreaming && !input.trim()) ? <SpinnerIcon /> : <SendIcon />}
          </button>
        </div>
        <div className="flex items-start justify-between gap-3 px-1">
          {refusal ? (
            <p id="message-refusal" role="alert" className="mt-1 text-sm text-red-300">
              {refusal}
            </p>
          ) : isQueued ? (
            <p role="status" className="mt-1 text-sm text-gray-300">
              Your message will be sent when the reply ends.{' '}
              <button
                type="button"
                onClick={() => setQueued(false)}
                className="underline decoration-dotted underline-offset-2 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
              >
                Don’t send
              </button>
            </p>
          ) : (
            <span />
          )}
          {showCounter && (
            <p
              id="message-counter"
              aria-live="polite"
              className={tooLong ? 'mt-1 shrink-0 text-xs font-medium text-red-300' : 'mt-1 shrink-0 text-xs text-gray-300'}
            >
              {input.length.toLocaleString()} / {maxChars.toLocaleString()}
            </p>
          )}
        </div>
        {context && (
          <ContextMeter
            use={context.measure(input)}
            trims={context.trims}
            quiet={context.quiet}
            remedies={context.remedies}
            disabled={isStreaming || isSending}
          />
        )}
      </div>
    </form>
  )
}

export default MessageInput

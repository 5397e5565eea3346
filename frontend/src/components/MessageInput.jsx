import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react'
import { useAttachments } from '../hooks/useAttachments'
import { clearDraft, loadDraft, saveDraft } from '../state/drafts'
import { MESSAGE_BOX_ID, isFocusIdle } from '../utils/focus'
import AttachmentChip from './attachments/AttachmentChip'
import ContextMeter from './ContextMeter'
import { PaperclipIcon, SendIcon, SpinnerIcon, StopIcon } from '../ui/icons'

const MAX_TEXTAREA_HEIGHT_PX = 200

const hasFinePointer = () => window.matchMedia?.('(pointer: fine)').matches ?? true
// The character counter appears once the text is this close to the backend's limit.
const COUNTER_FROM = 0.8

/**
 * The message box: Enter sends, Shift+Enter adds a line. What is typed is the user's: it is kept
 * per conversation (a reload or a switch keeps it) and cleared only once the backend accepted
 * the message; a refused one stays, with the reason beside it. While a reply streams the box
 * stays editable, and a message sent meanwhile goes as soon as the reply ends or is stopped.
 * `context` ({ measure(draft, files), trims, quiet, remedies }) feeds the context meter under the box.
 * Files come by the paperclip, by pasting, or (through `ref.addFiles`) by a drop on the page;
 * each is uploaded at once and sent with the message. `cannotSee` names the model when the
 * catalog says it cannot see images: sending one then asks first.
 */
const MessageInput = ({
  ref,
  conversationId,
  onSendMessage,
  isStreaming,
  onStop,
  onEditLast,
  maxChars,
  context = null,
  maxUploadBytes = null,
  maxAttachments = null,
  cannotSee = null,
}) => {
  const [input, setInput] = useState(() => loadDraft(conversationId))
  const files = useAttachments(conversationId, { maxUploadBytes, maxAttachments })
  const fileInputRef = useRef(null)
  // The user chose to send images to a model that cannot see them (after the warning).
  const [sendBlind, setSendBlind] = useState(false)
  useImperativeHandle(ref, () => ({ addFiles: files.add }), [files.add])
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
    const attachments = files.ready
    // The draft's owner when Enter was pressed: on the start page, 'new', even once the first
    // message has created the conversation.
    const owner = conversationId
    setQueued(false)
    setSending(true)
    onSendMessage(text, {
      attachments,
      onAccepted: () => {
        setSending(false)
        setRefusal(null)
        setSendBlind(false)
        files.clear()
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

  const hasImages = files.ready.some((file) => file.kind === 'image')
  const mustWarn = Boolean(cannotSee) && hasImages && !sendBlind
  const canSend = (input.trim() || files.ready.length > 0) && !files.isUploading && !files.hasFailed

  const handleSubmit = (event) => {
    event.preventDefault()
    if (isSending) return
    if (files.isUploading) {
      setRefusal('The files are still uploading; send once their chips say they are ready.')
      return
    }
    if (files.hasFailed) {
      setRefusal('Remove the files that could not be attached, then send.')
      return
    }
    if (!canSend || mustWarn) return
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

  const handlePaste = (event) => {
    const pasted = [...(event.clipboardData?.files ?? [])]
    if (pasted.length === 0) return // text: the textarea takes it
    event.preventDefault()
    files.add(pasted)
  }

  return (
    <form
      onSubmit={handleSubmit}
      data-testid="composer"
      // Busy from Enter until the reply has ended: what tests and assistive tools wait on.
      aria-busy={busy || isStreaming || undefined}
      className="border-t border-dark-lighter bg-dark-light p-3 sm:p-4"
    >
      <div className="mx-auto max-w-[52rem]">
        {files.items.length > 0 && (
          <ul className="mb-2 flex flex-wrap gap-2" aria-label="Attached files">
            {files.items.map((item) => (
              <AttachmentChip key={item.key} item={item} onRemove={files.remove} />
            ))}
          </ul>
        )}
        {mustWarn && (
          <p role="alert" className="mb-2 flex flex-wrap items-center gap-x-3 text-sm text-amber-200">
            <span>{cannotSee} cannot see images (LM Studio lists it as a text model): it will not see the pictures.</span>
            <button
              type="button"
              onClick={() => setSendBlind(true)}
              className="underline decoration-dotted underline-offset-2 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
            >
              Send them anyway
            </button>
          </p>
        )}
        <div className="flex items-end gap-2 sm:gap-3">
          <input
            ref={fileInputRef}
            type="file"
            multiple
            hidden
            data-testid="file-input"
            onChange={(event) => {
              files.add([...event.target.files])
              event.target.value = '' // the same file can be chosen again
            }}
          />
          <button
            type="button"
            onClick={() => fileInputRef.current?.click()}
            aria-label="Attach files"
            title="Attach files (or paste, or drop them here)"
            className="flex h-12 w-10 shrink-0 items-center justify-center rounded-xl text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus:ring-2 focus:ring-primary"
          >
            <PaperclipIcon />
          </button>
          <textarea
            ref={textareaRef}
            id={MESSAGE_BOX_ID}
            value={input}
            onChange={(event) => change(event.target.value)}
            onKeyDown={handleKeyDown}
            onPaste={handlePaste}
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
            disabled={!canSend || busy || mustWarn}
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
            use={context.measure(input, files.ready)}
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

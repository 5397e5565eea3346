import { useEffect, useImperativeHandle, useRef, useState } from 'react'
import { clearDraft, loadDraft, saveDraft } from '../state/drafts'
import { MESSAGE_BOX_ID } from '../utils/focus'
import AttachedFiles from '../features/composer/AttachedFiles'
import ComposerStatus, { COUNTER_ID, REFUSAL_ID } from '../features/composer/ComposerStatus'
import ContextMeter from '../features/composer/ContextMeter'
import FilePicker from '../features/composer/FilePicker'
import ReplyButtons from '../features/composer/ReplyButtons'
import ToolsSwitch from '../features/composer/ToolsSwitch'
import VisionWarning from '../features/composer/VisionWarning'
import { useAttachments } from '../features/composer/useAttachments'
import { useAutoGrow } from '../features/composer/useAutoGrow'
import { useFocusWhenIdle } from '../features/composer/useFocusWhenIdle'
import { SHORTCUTS } from '../features/shortcuts/shortcuts'

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
 * catalog says it cannot see images: sending one then asks first, offering `seeingModel` (one that
 * can) through `onUseModel`. `tools` ({ servers, choice, onChange, notTrained }): which MCP servers the
 * conversation uses (ToolsSwitch), shown once there are enabled servers to choose from.
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
  seeingModel = null,
  onUseModel,
  tools = null,
}) => {
  const [input, setInput] = useState(() => loadDraft(conversationId))
  const files = useAttachments(conversationId, { maxUploadBytes, maxAttachments })
  // The user chose to send images to a model that cannot see them (after the warning).
  const [sendBlind, setSendBlind] = useState(false)
  useImperativeHandle(ref, () => ({ addFiles: files.add }), [files.add])
  const [isQueued, setQueued] = useState(false)
  const [isSending, setSending] = useState(false)
  const [refusal, setRefusal] = useState(null)
  const textareaRef = useRef(null)
  const tooLong = maxChars != null && input.length > maxChars
  useAutoGrow(textareaRef, input)

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
  useFocusWhenIdle(textareaRef, isStreaming)

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
    if (SHORTCUTS.send.matches(event) && !event.nativeEvent.isComposing) {
      handleSubmit(event)
    } else if (SHORTCUTS.editLast.matches(event) && !input && onEditLast) {
      event.preventDefault()
      onEditLast()
    }
  }

  const handlePaste = (event) => {
    const pasted = [...(event.clipboardData?.files ?? [])]
    if (pasted.length === 0) return // text: the textarea takes it
    event.preventDefault()
    files.add(pasted)
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
        <AttachedFiles items={files.items} onRemove={files.remove} />
        {mustWarn && <VisionWarning model={cannotSee} switchTo={seeingModel} onSwitch={onUseModel} onSendAnyway={() => setSendBlind(true)} />}
        <div className="flex items-end gap-2 sm:gap-3">
          <FilePicker onFiles={files.add} />
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
            aria-describedby={refusal ? REFUSAL_ID : showCounter ? COUNTER_ID : undefined}
            rows={1}
            className="flex-1 resize-none rounded-xl bg-dark-lighter px-4 py-3 text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary"
          />
          <ReplyButtons
            isStreaming={isStreaming}
            isQueued={isQueued}
            busy={busy}
            canSend={canSend && !busy && !mustWarn}
            hasDraft={Boolean(input.trim()) || files.ready.length > 0}
            onStop={onStop}
          />
        </div>
        {tools?.servers.length > 0 && (
          <div className="mt-1.5 px-1">
            <ToolsSwitch servers={tools.servers} choice={tools.choice} onChange={tools.onChange} notTrained={tools.notTrained} />
          </div>
        )}
        <ComposerStatus
          refusal={refusal}
          isQueued={isQueued}
          onUnqueue={() => setQueued(false)}
          showCounter={showCounter}
          length={input.length}
          maxChars={maxChars}
        />
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

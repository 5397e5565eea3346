import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useChat } from '../contexts/ChatContext'
import { useLayout } from '../state/layout/LayoutContext'
import { replyErrorSentence, shownNotice } from '../utils/health'
import { findModel } from '../utils/catalog'
import { MESSAGE_LIST_ID } from '../utils/focus'
import { contextLengthFor, contextUse } from '../utils/contextUse'
import ChatHeader from './ChatHeader'
import ConfirmDialog from '../ui/ConfirmDialog'
import Message from './Message'
import MessageInput from './MessageInput'
import ErrorNotice from './ErrorNotice'
import StartPage from './StartPage'
import { useTabTitle } from '../features/conversation/useTabTitle'
import { ArrowDownIcon, ChatIcon, SpinnerIcon } from '../ui/icons'

// Within this many pixels of the end counts as "at the bottom": follow the reply.
const STICK_TO_BOTTOM_PX = 48
// A long conversation opens with its latest messages; earlier ones are added a page at a time
// as the reader scrolls up, so opening 1,000 messages costs what opening 60 does.
const HISTORY_PAGE = 60
const HIGHLIGHT_MS = 2500

function lastIndexOfRole(messages, role) {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index].role === role) return index
  }
  return -1
}

/** The open conversation (messages, the reply in progress, errors) or the start page, and the box. */
const ChatWindow = () => {
  const {
    currentConversationId,
    focusMessageId,
    messages,
    isLoading,
    isStreaming,
    reply,
    error,
    notice,
    sendMessage,
    stopReply,
    regenerate,
    retry,
    editMessage,
    switchBranch,
    forkConversation,
    deleteBranch,
    composerKey,
    defaultModel,
    newChatSettings,
    maxMessageChars,
    maxUploadBytes,
    maxAttachments,
    health,
    catalog,
    defaults,
    currentConversation,
    updateConversationSettings,
    continueElsewhere,
    dropMiddleAndRetry,
  } = useChat()
  const { dismissedNotice, openSettingsAt } = useLayout()
  useTabTitle(currentConversationId ? currentConversation?.title : null)
  const healthNotice = shownNotice(health, dismissedNotice)
  // The message being edited in place, by index (null: none), and why the backend refused an edit.
  const [editingIndex, setEditingIndex] = useState(null)
  const [editRefusal, setEditRefusal] = useState(null)
  // The message whose branch the user asked to delete, waiting for their confirmation.
  const [branchToDelete, setBranchToDelete] = useState(null)
  const [shownCount, setShownCount] = useState(HISTORY_PAGE)
  const earlierRef = useRef(null)
  // Distance from the bottom before earlier messages were added, to keep the reader in place.
  const anchorRef = useRef(null)
  const scrollerRef = useRef(null)
  // Follow new text only while the reader is at the bottom; scrolling up to read stops it.
  const followRef = useRef(true)
  const [isAwayFromBottom, setIsAwayFromBottom] = useState(false)
  // A search result opened the conversation at this message: shown, centred, marked a moment.
  const [highlightedId, setHighlightedId] = useState(null)
  const focusedRef = useRef(null)

  const handleScroll = useCallback(() => {
    const scroller = scrollerRef.current
    if (!scroller) return
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= STICK_TO_BOTTOM_PX
    followRef.current = atBottom
    setIsAwayFromBottom(!atBottom)
  }, [])

  // Instant jumps, not smooth scrolling: an animation restarted per token falls behind a fast reply.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current
    if (scroller && followRef.current) scroller.scrollTop = scroller.scrollHeight
  }, [messages, reply.text, reply.reasoning, isStreaming, error])

  // A newly opened conversation starts at its end, with nothing being edited.
  useLayoutEffect(() => {
    followRef.current = true
    focusedRef.current = null
    setIsAwayFromBottom(false)
    setEditingIndex(null)
    setShownCount(HISTORY_PAGE)
  }, [currentConversationId, focusMessageId])

  // After the effect that follows the end, so that the message a search result named wins.
  useLayoutEffect(() => {
    if (!focusMessageId || isLoading || focusedRef.current === focusMessageId) return
    const index = messages.findIndex((message) => message.id === focusMessageId)
    if (index < 0) return
    if (messages.length - index > shownCount) {
      setShownCount(messages.length - index) // render it first; this effect runs again
      return
    }
    const element = [...(scrollerRef.current?.querySelectorAll('[data-message-id]') ?? [])].find(
      (candidate) => candidate.dataset.messageId === focusMessageId,
    )
    if (!element) return
    focusedRef.current = focusMessageId
    followRef.current = false
    element.scrollIntoView?.({ block: 'center' })
    setHighlightedId(focusMessageId)
  }, [focusMessageId, messages, isLoading, shownCount])

  useEffect(() => {
    if (!highlightedId) return undefined
    const timer = setTimeout(() => setHighlightedId(null), HIGHLIGHT_MS)
    return () => clearTimeout(timer)
  }, [highlightedId])

  const showEarlier = useCallback(() => {
    const scroller = scrollerRef.current
    if (scroller) anchorRef.current = scroller.scrollHeight - scroller.scrollTop
    setShownCount((count) => count + HISTORY_PAGE)
  }, [])

  useLayoutEffect(() => {
    const scroller = scrollerRef.current
    if (scroller && anchorRef.current !== null) {
      scroller.scrollTop = scroller.scrollHeight - anchorRef.current
      anchorRef.current = null
    }
  }, [shownCount])

  // Reaching the top of what is shown brings in the previous page by itself.
  const hasEarlier = messages.length > shownCount
  useLayoutEffect(() => {
    const marker = earlierRef.current
    if (!marker || typeof IntersectionObserver === 'undefined') return undefined
    const observer = new IntersectionObserver((entries) => entries[0].isIntersecting && showEarlier(), {
      root: scrollerRef.current,
      rootMargin: '400px 0px 0px 0px',
    })
    observer.observe(marker)
    return () => observer.disconnect()
  }, [hasEarlier, shownCount, showEarlier])

  const jumpToLatest = () => {
    followRef.current = true
    setIsAwayFromBottom(false)
    const scroller = scrollerRef.current
    if (scroller) scroller.scrollTop = scroller.scrollHeight
  }

  // Files dropped anywhere on the conversation go to the message box.
  const composerRef = useRef(null)
  const [isDraggingFiles, setDraggingFiles] = useState(false)
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files')
  const dropHandlers = {
    onDragOver: (event) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      setDraggingFiles(true)
    },
    onDragLeave: (event) => {
      if (!event.currentTarget.contains(event.relatedTarget)) setDraggingFiles(false)
    },
    onDrop: (event) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      setDraggingFiles(false)
      composerRef.current?.addFiles([...event.dataTransfer.files])
    },
  }

  const handleSend = (content, callbacks) => {
    followRef.current = true // your own message always brings you to the end
    sendMessage(content, callbacks)
  }

  // The editor stays open until the backend has the new text: a refused edit is not lost.
  const submitEdit = (message, content) => {
    followRef.current = true
    setEditRefusal(null)
    editMessage(message, content, {
      onAccepted: () => setEditingIndex(null),
      onRefused: (sentence) => setEditRefusal(sentence),
    })
  }

  // The context window of the conversation's model, and what to do when the conversation outgrows it.
  const modelId = currentConversationId
    ? (currentConversation?.model ?? defaultModel)
    : (newChatSettings.model ?? defaults.model ?? defaultModel)
  const model = findModel(catalog, modelId)
  // Only a model the catalog says is a text model (vision: false) warns; unknown ones may see.
  const cannotSee = model?.vision === false ? model.id : null
  const contextLength = contextLengthFor(messages, model)
  const trims = currentConversation?.context_overflow === 'truncate_middle'
  const remedies = [
    { label: 'New chat from a summary', onSelect: () => continueElsewhere('summary') },
    { label: 'New chat from the last messages', onSelect: () => continueElsewhere('last_messages') },
  ]
  const context =
    currentConversationId && contextLength && !isLoading
      ? {
          measure: (draft, files) =>
            contextUse({ messages, draft, files, systemPrompt: currentConversation?.system_prompt ?? '', contextLength }),
          trims,
          // The overflow error above says the same, with the same ways on: said once.
          quiet: error?.code === 'context_overflow',
          remedies: [
            ...remedies,
            {
              label: 'Leave out older messages',
              onSelect: () => updateConversationSettings({ context_overflow: 'truncate_middle' }),
            },
          ],
        }
      : null
  const errorActions =
    error?.code === 'context_overflow'
      ? [...remedies, ...(trims ? [] : [{ label: 'Leave out older messages and retry', onSelect: dropMiddleAndRetry }])]
      : null

  const lastUserIndex = lastIndexOfRole(messages, 'user')
  const lastIndex = messages.length - 1
  const firstShown = Math.max(0, messages.length - shownCount)
  // One list for the stored messages and the reply in progress, the latter keyed by the id it
  // will be stored under: when it ends, React keeps its DOM instead of building it again.
  const rows = messages.slice(firstShown).map((message, offset) => ({ message, index: firstShown + offset }))
  if (isStreaming) {
    rows.push({
      index: null,
      message: {
        id: reply.messageId,
        role: 'assistant',
        content: reply.text,
        reasoning: reply.reasoning,
        model: reply.model,
      },
    })
  }

  return (
    <main className="relative flex min-h-0 flex-1 flex-col bg-dark" {...dropHandlers}>
      {isDraggingFiles && (
        <div
          className="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-2xl border-2 border-dashed border-primary bg-dark/80 text-lg text-gray-100"
          data-testid="drop-zone"
        >
          Drop files to attach them to your message
        </div>
      )}
      <ChatHeader />
      {/* A Tab stop, so that the keyboard can scroll the conversation (WCAG 2.1.1). */}
      <div
        ref={scrollerRef}
        id={MESSAGE_LIST_ID}
        onScroll={handleScroll}
        tabIndex={0}
        role="region"
        aria-label="Messages"
        className="flex-1 overflow-y-auto p-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-primary sm:p-4"
        data-testid="message-list"
      >
        <div className="mx-auto flex min-h-full max-w-[52rem] flex-col">
          {hasEarlier && !isLoading && (
            <div ref={earlierRef} className="mb-4 flex justify-center">
              <button
                type="button"
                onClick={showEarlier}
                className="rounded-full border border-dark-lighter px-4 py-1.5 text-sm text-gray-300 hover:bg-dark-light focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
              >
                Show earlier messages ({firstShown})
              </button>
            </div>
          )}
          {!currentConversationId ? (
            <StartPage notice={notice} model={newChatSettings.model ?? defaults.model ?? defaultModel} />
          ) : isLoading ? (
            <div className="flex items-center justify-center gap-3 py-16 text-gray-400">
              <SpinnerIcon />
              <span>Loading messages...</span>
            </div>
          ) : rows.length === 0 ? (
            <div className="flex flex-col items-center justify-center py-16 text-gray-400">
              <ChatIcon className="mb-3 h-10 w-10" />
              <p>No messages yet</p>
              <p className="mt-1 text-sm">Send a message to start the conversation.</p>
            </div>
          ) : (
            rows.map(({ message, index }) =>
              index === null ? (
                <Message
                  key={message.id ?? 'streaming-reply'}
                  message={message}
                  isStreaming
                  thoughtMs={reply.thoughtMs}
                  waitingSince={reply.since}
                  modelState={reply.modelState}
                />
              ) : (
                <Message
                  key={message.key ?? message.id ?? `${index}-${message.role}`}
                  message={message}
                  showReason={!(error && index === lastIndex)}
                  canAct={!isStreaming && Boolean(message.id)}
                  isEditing={editingIndex === index}
                  editRefusal={editingIndex === index ? editRefusal : null}
                  isHighlighted={message.id != null && message.id === highlightedId}
                  isLatest={index === lastIndex && message.role === 'assistant'}
                  onStartEdit={message.role === 'user' ? () => setEditingIndex(index) : undefined}
                  onCancelEdit={() => {
                    setEditingIndex(null)
                    setEditRefusal(null)
                  }}
                  onSubmitEdit={(content) => submitEdit(message, content)}
                  onRegenerate={message.role === 'assistant' && message.parent_id ? () => regenerate(message) : undefined}
                  onSwitchSibling={switchBranch}
                  onFork={() => forkConversation(message.id)}
                  onDeleteBranch={() => setBranchToDelete(message)}
                  onRaiseLimit={message.role === 'assistant' ? () => openSettingsAt('max-tokens') : undefined}
                />
              ),
            )
          )}
          {error && (
            <ErrorNotice
              error={error}
              sentence={replyErrorSentence(error, healthNotice)}
              onRetry={retry}
              actions={errorActions}
              disabled={isStreaming}
            />
          )}
        </div>
      </div>
      {/* In the flow between the messages and the box, not floating over the text it would hide. */}
      {isAwayFromBottom && (
        <div className="flex justify-center bg-dark py-1.5">
          <button
            type="button"
            onClick={jumpToLatest}
            className="flex items-center gap-2 rounded-full border border-dark-lighter bg-dark-light px-4 py-1.5 text-sm text-gray-200 shadow-lg transition-colors hover:bg-dark-lighter focus:outline-none focus:ring-2 focus:ring-primary"
          >
            <ArrowDownIcon />
            Jump to latest
          </button>
        </div>
      )}
      <MessageInput
        key={composerKey}
        conversationId={currentConversationId}
        onSendMessage={handleSend}
        isStreaming={isStreaming}
        ref={composerRef}
        maxChars={maxMessageChars}
        maxUploadBytes={maxUploadBytes}
        maxAttachments={maxAttachments}
        cannotSee={cannotSee}
        context={context}
        onStop={stopReply}
        onEditLast={lastUserIndex >= 0 && !isStreaming ? () => setEditingIndex(lastUserIndex) : undefined}
      />
      {branchToDelete && (
        <ConfirmDialog
          title="Delete this message and what follows?"
          confirmLabel="Delete"
          onCancel={() => setBranchToDelete(null)}
          onConfirm={() => {
            deleteBranch(branchToDelete.id)
            setBranchToDelete(null)
          }}
        >
          {branchToDelete.role === 'user'
            ? 'This message, its replies and every message after them on this branch will be deleted. Other branches stay.'
            : 'This reply and every message after it on this branch will be deleted. Other replies stay.'}
        </ConfirmDialog>
      )}
    </main>
  )
}

export default ChatWindow

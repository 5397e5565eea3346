import { useRef, useState } from 'react'
import { useChat } from '../contexts/ChatContext'
import { useLayout } from '../state/layout/LayoutContext'
import { MESSAGE_LIST_ID } from '../utils/focus'
import { contextUse } from '../features/composer/contextUse'
import ChatHeader from '../features/conversation/ChatHeader'
import DeleteBranchDialog from '../features/conversation/DeleteBranchDialog'
import DropZone from '../features/conversation/DropZone'
import ErrorNotice from '../features/conversation/ErrorNotice'
import JumpToLatest from '../features/conversation/JumpToLatest'
import LoadingMessages from '../features/conversation/LoadingMessages'
import NoMessages from '../features/conversation/NoMessages'
import ShowEarlier from '../features/conversation/ShowEarlier'
import StartPage from '../features/conversation/StartPage'
import { overflowRemedies } from '../features/conversation/overflowRemedies'
import { useFileDrop } from '../features/conversation/useFileDrop'
import { useFocusMessage } from '../features/conversation/useFocusMessage'
import { useStickToBottom } from '../features/conversation/useStickToBottom'
import { useHistoryPages } from '../features/conversation/useHistoryPages'
import { useMessageEditing } from '../features/conversation/useMessageEditing'
import { useLastReplyInProgress } from '../features/conversation/useLastReplyInProgress'
import { useTabTitle } from '../features/conversation/useTabTitle'
import { useThoughtsChoices } from '../features/conversation/useThoughtsChoices'
import { replyErrorSentence, shownNotice } from '../features/health/notice'
import SettingsPanel from '../features/settings/SettingsPanel'
import { settingsTarget } from '../features/settings/settingsTarget'
import Message from './Message'
import MessageInput from './MessageInput'
import StreamingMessage from './StreamingMessage'

const lastIndexOfRole = (messages, role) => messages.findLastIndex((message) => message.role === role)

/** The open conversation (messages, the reply in progress, errors) or the start page, and the box. */
const ChatWindow = () => {
  const chat = useChat()
  const { currentConversationId, currentConversation, focusMessageId, messages, isLoading, isStreaming, reply, error } = chat
  const layout = useLayout()
  const openedAt = { conversationId: currentConversationId, focusMessageId }
  const openedKey = `${currentConversationId}/${focusMessageId}`
  useTabTitle(currentConversationId ? currentConversation?.title : null)

  const scrollerRef = useRef(null)
  const composerRef = useRef(null)
  const scrolling = useStickToBottom(scrollerRef, { messages, text: reply.text, reasoning: reply.reasoning, isStreaming, error }, openedAt)
  const pages = useHistoryPages(scrollerRef, messages.length, openedAt)
  const highlightedId = useFocusMessage(scrollerRef, { ...openedAt, messages, isLoading }, pages, scrolling.unstick)
  const editing = useMessageEditing(chat.editMessage, openedAt)
  // A reply in progress is rebuilt as a stored Message when it ends: what the reader chose about
  // its thoughts, and that it has appeared already, outlive that.
  const thoughts = useThoughtsChoices(openedKey)
  const lastReplyInProgress = useLastReplyInProgress(reply.messageId, openedKey)
  const drop = useFileDrop((files) => composerRef.current?.addFiles(files))
  // The message whose branch the user asked to delete, waiting for their confirmation.
  const [branchToDelete, setBranchToDelete] = useState(null)

  const settings = settingsTarget(chat)
  const picker = {
    models: chat.models,
    catalog: chat.catalog,
    // Asked again as it opens, while LM Studio answers (the health check asks when it is back).
    onOpen: chat.health?.lmStudio?.reachable ? () => chat.loadCatalog({ fresh: true }) : undefined,
    defaultModel: chat.defaultModel,
    value: settings.conversation?.model ?? null,
    onChange: (model) => settings.save({ model }),
    disabled: isStreaming,
  }

  // What to do when the conversation outgrows its model's context window.
  const trims = currentConversation?.context_overflow === 'truncate_middle'
  const remedies = overflowRemedies({
    continueElsewhere: chat.continueElsewhere,
    leaveOutOlder: () => chat.updateConversationSettings({ context_overflow: 'truncate_middle' }),
    dropMiddleAndRetry: chat.dropMiddleAndRetry,
    trims,
  })
  const context =
    currentConversationId && chat.contextLength && !isLoading
      ? {
          measure: (draft, files) =>
            contextUse({ messages, draft, files, systemPrompt: currentConversation?.system_prompt ?? '', contextLength: chat.contextLength }),
          trims,
          // The overflow error above says the same, with the same ways on: said once.
          quiet: error?.code === 'context_overflow',
          remedies: remedies.meter,
        }
      : null

  const send = (content, callbacks) => {
    scrolling.stick() // your own message always brings you to the end
    chat.sendMessage(content, callbacks)
  }

  const lastUserIndex = lastIndexOfRole(messages, 'user')
  const lastIndex = messages.length - 1
  // One list for the stored messages and the reply in progress, the latter keyed by the id it
  // will be stored under: when it ends, the stored Message takes its row.
  const rows = messages.slice(pages.firstShown).map((message, offset) => ({ message, index: pages.firstShown + offset }))
  if (isStreaming) rows.push({ message: { id: reply.messageId }, index: null })

  const storedRow = (message, index) => {
    const key = message.key ?? message.id ?? `${index}-${message.role}`
    const isEditing = editing.editingIndex === index
    return (
      <Message
        key={key}
        message={message}
        showReason={!(error && index === lastIndex)}
        canAct={!isStreaming && Boolean(message.id)}
        isEditing={isEditing}
        editRefusal={isEditing ? editing.refusal : null}
        isHighlighted={message.id != null && message.id === highlightedId}
        isLatest={index === lastIndex && message.role === 'assistant'}
        fadeIn={message.id == null || message.id !== lastReplyInProgress}
        thoughtsChosen={thoughts.chosenFor(key)}
        onChooseThoughts={(open) => thoughts.choose(key, open)}
        onStartEdit={message.role === 'user' ? () => editing.start(index) : undefined}
        onCancelEdit={editing.cancel}
        onSubmitEdit={(content) => {
          scrolling.stick()
          editing.submit(message, content)
        }}
        onRegenerate={message.role === 'assistant' && message.parent_id ? () => chat.regenerate(message) : undefined}
        onSwitchSibling={chat.switchBranch}
        onFork={() => chat.forkConversation(message.id)}
        onDeleteBranch={() => setBranchToDelete(message)}
        onRaiseLimit={message.role === 'assistant' ? () => layout.openSettingsAt('max-tokens') : undefined}
      />
    )
  }

  const replyRow = () => {
    const key = reply.messageId ?? 'reply-in-progress'
    return (
      <StreamingMessage
        key={key}
        id={reply.messageId}
        content={reply.text}
        reasoning={reply.reasoning}
        model={reply.model}
        thoughtMs={reply.thoughtMs}
        since={reply.since}
        modelState={reply.modelState}
        thoughtsChosen={thoughts.chosenFor(key)}
        onChooseThoughts={(open) => thoughts.choose(key, open)}
      />
    )
  }

  return (
    <main className="relative flex min-h-0 flex-1 flex-col bg-dark" {...drop.handlers}>
      {drop.isDragging && <DropZone />}
      <ChatHeader
        title={currentConversationId ? (currentConversation?.title ?? 'Chat AI') : 'New chat'}
        conversationId={currentConversationId}
        picker={picker}
        isSettingsOpen={layout.isSettingsOpen}
        onToggleSettings={() => (layout.isSettingsOpen ? layout.setSettingsOpen(false) : layout.openSettingsAt(null))}
        onOpenSidebar={() => layout.setMobileSidebarOpen(true)}
        onOpenShortcuts={() => layout.setShortcutsOpen(true)}
      />
      {layout.isSettingsOpen && settings.conversation && (
        <SettingsPanel
          key={`settings-${settings.conversation.id}`}
          conversation={settings.conversation}
          onSaveSoon={settings.saveSoon}
          onFlush={settings.flush}
          focusField={layout.settingsField}
          onClose={() => layout.setSettingsOpen(false)}
          presets={{
            presets: chat.presets,
            onApply: chat.applyPreset,
            onSave: chat.savePreset,
            onOpenPreferences: () => layout.setPreferencesOpen(true),
          }}
        />
      )}
      {/* A Tab stop, so that the keyboard can scroll the conversation (WCAG 2.1.1). */}
      <div
        ref={scrollerRef}
        id={MESSAGE_LIST_ID}
        onScroll={scrolling.onScroll}
        tabIndex={0}
        role="region"
        aria-label="Messages"
        className="flex-1 overflow-y-auto p-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-primary sm:p-4"
        data-testid="message-list"
      >
        <div className="mx-auto flex min-h-full max-w-[52rem] flex-col">
          {pages.hasEarlier && !isLoading && <ShowEarlier count={pages.firstShown} markerRef={pages.markerRef} onClick={pages.showEarlier} />}
          {!currentConversationId ? (
            <StartPage notice={chat.notice} model={chat.chatModel} />
          ) : isLoading ? (
            <LoadingMessages />
          ) : rows.length === 0 ? (
            <NoMessages />
          ) : (
            rows.map(({ message, index }) => (index === null ? replyRow() : storedRow(message, index)))
          )}
          {error && (
            <ErrorNotice
              error={error}
              sentence={replyErrorSentence(error, shownNotice(chat.health, layout.dismissedNotice))}
              onRetry={chat.retry}
              actions={error.code === 'context_overflow' ? remedies.error : null}
              disabled={isStreaming}
            />
          )}
        </div>
      </div>
      {scrolling.isAwayFromBottom && <JumpToLatest onClick={scrolling.jumpToLatest} />}
      <MessageInput
        key={chat.composerKey}
        conversationId={currentConversationId}
        onSendMessage={send}
        isStreaming={isStreaming}
        ref={composerRef}
        maxChars={chat.maxMessageChars}
        maxUploadBytes={chat.maxUploadBytes}
        maxAttachments={chat.maxAttachments}
        cannotSee={chat.chatModelInfo?.vision === false ? chat.chatModelInfo.id : null}
        context={context}
        onStop={chat.stopReply}
        onEditLast={lastUserIndex >= 0 && !isStreaming ? () => editing.start(lastUserIndex) : undefined}
      />
      {branchToDelete && (
        <DeleteBranchDialog
          message={branchToDelete}
          onCancel={() => setBranchToDelete(null)}
          onConfirm={() => {
            chat.deleteBranch(branchToDelete.id)
            setBranchToDelete(null)
          }}
        />
      )}
    </main>
  )
}

export default ChatWindow

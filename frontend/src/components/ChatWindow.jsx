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
import { stepsOfReply } from '../state/reply/toolCalls'
import { enabledServers } from '../state/mcp/selectors'
import { serversOn, toolDefinitionsChars } from '../features/composer/toolsChoice'
import { replyErrorSentence, shownNotice } from '../features/health/notice'
import SettingsPanel from '../features/settings/SettingsPanel'
import { settingsTarget } from '../features/settings/settingsTarget'
import Message from './Message'
import { canContinue } from '../features/message/canContinue'
import { seeingModel } from '../features/models/catalog'
import { useModelLoading } from '../features/models/useModelLoading'
import { loadingUnsupported } from '../features/models/loadingSupport'
import MessageInput from './MessageInput'

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
  const messagesRef = useRef(null)
  const composerRef = useRef(null)
  const scrolling = useStickToBottom(scrollerRef, messagesRef, { messages, text: reply.text, reasoning: reply.reasoning, isStreaming, error }, openedAt)
  const pages = useHistoryPages(scrollerRef, messages.length, openedAt)
  const highlightedId = useFocusMessage(scrollerRef, { ...openedAt, messages, isLoading }, pages, scrolling.unstick)
  const editing = useMessageEditing(chat.editMessage, openedAt)
  // A reply that was written here stays in its row when it is stored: it does not fade in again.
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
  // Load and Eject: afterwards LM Studio is asked again, so the picker and the meter show it.
  const modelLoading = useModelLoading(() => chat.loadCatalog({ fresh: true }), chat.catalog)
  const manager = chat.catalog
    ? { catalog: chat.catalog, onOpen: picker.onOpen, loading: modelLoading, unsupported: loadingUnsupported(chat.health?.lmStudio) }
    : null

  // What to do when the conversation outgrows its model's context window.
  const trims = currentConversation?.context_overflow === 'truncate_middle'
  const remedies = overflowRemedies({
    continueElsewhere: chat.continueElsewhere,
    leaveOutOlder: () => chat.updateConversationSettings({ context_overflow: 'truncate_middle' }),
    dropMiddleAndRetry: chat.dropMiddleAndRetry,
    trims,
  })
  const toolServers = enabledServers(chat.mcpServers)
  const toolsChoice = settings.conversation?.mcp_servers ?? null
  const toolsChars = toolDefinitionsChars(serversOn(toolServers, toolsChoice))
  const context =
    currentConversationId && chat.contextLength && !isLoading
      ? {
          measure: (draft, files) =>
            contextUse({
              messages,
              draft,
              files,
              systemPrompt: currentConversation?.system_prompt ?? '',
              toolsChars,
              contextLength: chat.contextLength,
            }),
          trims,
          // The overflow error above says the same, with the same ways on: said once.
          quiet: [error?.code, messages.at(-1)?.reply_error?.code].includes('context_overflow'),
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
  // will be stored under: when it ends, the stored Message takes its row (and its elements).
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
        onContinue={!isStreaming && canContinue(message) ? () => chat.continueReply(message) : undefined}
      />
    )
  }

  // The reply in progress is a Message too, in the row (and under the key) its stored message
  // takes when it ends: React keeps the elements, only the cursor and the actions change.
  const replyRow = () => {
    const key = reply.messageId ?? 'reply-in-progress'
    return (
      <Message
        key={key}
        message={{
          id: reply.messageId,
          role: 'assistant',
          content: reply.text,
          reasoning: reply.reasoning,
          model: reply.model,
          steps: stepsOfReply(reply.text, reply.calls),
        }}
        inProgress
        progress={{ thoughtMs: reply.thoughtMs, since: reply.since, modelState: reply.modelState }}
        canAct={false}
        onDecideToolCall={chat.decideToolCall}
      />
    )
  }

  // Under a question whose reply failed before its first word: why, when, and Retry (a new reply
  // under the same question), as long as the backend keeps the failure with it.
  const healthNotice = shownNotice(chat.health, layout.dismissedNotice)
  const failureActions = (code, question) => {
    if (code === 'context_overflow') return remedies.error
    const visionModel = question?.reply_error?.vision_model
    if (code !== 'model_cannot_see' || !visionModel) return null
    const switchAndRetry = async () => {
      if (await settings.save({ model: visionModel })) chat.regenerate(question)
    }
    return [{ label: `Switch to ${visionModel} and retry`, onSelect: switchAndRetry }]
  }
  const failureRow = (question) => {
    const failure = { message: question.reply_error.error, code: question.reply_error.code, canRetry: true }
    return (
      <ErrorNotice
        key={`${question.key ?? question.id}-failure`}
        error={failure}
        sentence={replyErrorSentence(failure, healthNotice)}
        at={question.reply_error.at}
        onRetry={() => chat.regenerate(question)}
        actions={failureActions(failure.code, question)}
        disabled={isStreaming}
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
        manager={manager}
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
        <div ref={messagesRef} className="mx-auto flex min-h-full max-w-[52rem] flex-col">
          {pages.hasEarlier && !isLoading && <ShowEarlier count={pages.firstShown} markerRef={pages.markerRef} onClick={pages.showEarlier} />}
          {!currentConversationId ? (
            <StartPage notice={chat.notice} model={chat.chatModel} />
          ) : isLoading ? (
            <LoadingMessages />
          ) : rows.length === 0 ? (
            <NoMessages />
          ) : (
            rows.flatMap(({ message, index }) =>
              index === null ? [replyRow()] : [storedRow(message, index), message.reply_error && failureRow(message)],
            )
          )}
          {error && (
            <ErrorNotice
              error={error}
              sentence={replyErrorSentence(error, healthNotice)}
              onRetry={chat.retry}
              actions={failureActions(error.code)}
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
        seeingModel={seeingModel(chat.catalog, chat.chatModelInfo?.id)}
        onUseModel={(model) => settings.save({ model })}
        tools={{
          servers: toolServers,
          choice: toolsChoice,
          onChange: (choice) => settings.save({ mcp_servers: choice }),
          notTrained: chat.chatModelInfo?.tools === false,
        }}
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

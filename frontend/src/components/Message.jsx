import { useRef } from 'react'
import MarkdownContent from '../features/markdown/MarkdownContent'
import KeepSelection from '../features/message/KeepSelection'
import MessageActions from '../features/message/MessageActions'
import MessageAttachments from '../features/message/MessageAttachments'
import MessageBubble from '../features/message/MessageBubble'
import MessageEditor from '../features/message/MessageEditor'
import MessageFooter from '../features/message/MessageFooter'
import MessageNotes from '../features/message/MessageNotes'
import PendingActions from '../features/message/PendingActions'
import ReplyWaiting from '../features/message/ReplyWaiting'
import SiblingNav from '../features/message/SiblingNav'
import ThinkingBlock from '../features/message/ThinkingBlock'
import UserText from '../features/message/UserText'
import ReplySteps from '../features/toolCalls/ReplySteps'
import { replyDetails } from '../features/message/stats'

/**
 * One message: the user's on the right with the gradient (plain text, its files), the
 * assistant's across the column (Markdown), with its thoughts, model and stats, and notes on how it
 * ended. Actions: copy; edit a user message (a new branch); regenerate a reply (a new sibling);
 * switch between siblings; branch into a new conversation; delete it and what follows. `canAct` is false while a reply is written.
 * `showReason` is off while the same failure is shown in the error box below.
 *
 * `inProgress`: a reply still being written (`message` holds what it wrote so far; `progress`:
 * { thoughtMs, since, modelState }), with the pulsing cursor, and before its first word what it
 * waits for. ChatWindow shows it in the row, under the key, that its stored message takes when it
 * ends: the same elements then simply stop streaming, and nothing is built again.
 *
 * A reply that called tools has `steps` (stored, or cut from the reply in progress): its text and
 * a card per call, in order. `onDecideToolCall` answers a call of the reply in progress that asks
 * for approval.
 */
const Message = ({
  message,
  inProgress = false,
  progress = null,
  showReason = true,
  canAct = true,
  isEditing = false,
  editRefusal = null,
  isHighlighted = false,
  isLatest = false,
  fadeIn = true,
  onStartEdit,
  onCancelEdit,
  onSubmitEdit,
  onRegenerate,
  onSwitchSibling,
  onFork,
  onDeleteBranch,
  onRaiseLimit,
  onContinue,
  onDecideToolCall,
}) => {
  const isUser = message.role === 'user'
  const contentRef = useRef(null)
  const details = isUser ? '' : inProgress ? (message.model ?? '') : replyDetails(message)
  const footer = !isEditing && (
    <MessageFooter
      isUser={isUser}
      details={details}
      siblings={!inProgress && onSwitchSibling && <SiblingNav message={message} disabled={!canAct} onSwitch={onSwitchSibling} />}
      alwaysShown={isLatest}
      inProgress={inProgress}
    >
      {inProgress ? (
        <PendingActions />
      ) : (
        <MessageActions
          message={message}
          canAct={canAct}
          onStartEdit={onStartEdit}
          onRegenerate={onRegenerate}
          onFork={onFork}
          onDeleteBranch={onDeleteBranch}
        />
      )}
    </MessageFooter>
  )
  // Before the first word, what the reply waits for; once the model thinks aloud, its thoughts say it.
  const hasSteps = !isUser && Boolean(message.steps?.length)
  const waiting = inProgress && !message.content && !hasSteps && (
    <ReplyWaiting
      since={message.reasoning ? null : progress?.since}
      modelState={message.reasoning ? null : progress?.modelState}
      model={message.model}
    />
  )

  return (
    <MessageBubble message={message} inProgress={inProgress} isHighlighted={isHighlighted} fadeIn={fadeIn} footer={footer}>
      {!isUser && message.reasoning && (
        <ThinkingBlock
          reasoning={message.reasoning}
          isThinking={inProgress && !message.content && !hasSteps}
          durationMs={inProgress ? progress?.thoughtMs : message.stats?.reasoning_ms}
        />
      )}
      {isEditing ? (
        <MessageEditor initialText={message.content} refusal={editRefusal} onSubmit={onSubmitEdit} onCancel={onCancelEdit} />
      ) : (
        <div data-testid="message-content" ref={contentRef}>
          {isUser ? (
            <>
              {message.content && <UserText text={message.content} />}
              <MessageAttachments attachments={message.attachments} />
            </>
          ) : hasSteps ? (
            <KeepSelection rootRef={contentRef} streaming={inProgress}>
              <ReplySteps steps={message.steps} streaming={inProgress} onDecideToolCall={onDecideToolCall} />
            </KeepSelection>
          ) : message.content ? (
            <KeepSelection rootRef={contentRef} streaming={inProgress}>
              <MarkdownContent text={message.content} streaming={inProgress} />
            </KeepSelection>
          ) : (
            waiting || null
          )}
        </div>
      )}
      {!inProgress && <MessageNotes message={message} showReason={showReason} onRaiseLimit={onRaiseLimit} onContinue={onContinue} />}
    </MessageBubble>
  )
}

export default Message

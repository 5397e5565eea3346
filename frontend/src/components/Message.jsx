import MarkdownContent from '../features/markdown/MarkdownContent'
import MessageActions from '../features/message/MessageActions'
import MessageAttachments from '../features/message/MessageAttachments'
import MessageBubble from '../features/message/MessageBubble'
import MessageEditor from '../features/message/MessageEditor'
import MessageFooter from '../features/message/MessageFooter'
import MessageNotes from '../features/message/MessageNotes'
import SiblingNav from '../features/message/SiblingNav'
import ThinkingBlock from '../features/message/ThinkingBlock'
import UserText from '../features/message/UserText'
import { replyDetails } from '../features/message/stats'

/**
 * One stored message: the user's on the right with the gradient (plain text, its files), the
 * assistant's across the column (Markdown), with its thoughts, model and stats, and notes on how it
 * ended. Actions: copy; edit a user message (a new branch); regenerate a reply (a new sibling);
 * switch between siblings; branch into a new conversation; delete it and what follows. `canAct` is
 * false while a reply is written. `showReason` is off while the same failure is shown in the error
 * box below. `thoughtsChosen` / `onChooseThoughts`: the reader's choice to open or fold the thoughts.
 */
const Message = ({
  message,
  showReason = true,
  canAct = true,
  isEditing = false,
  editRefusal = null,
  isHighlighted = false,
  isLatest = false,
  fadeIn = true,
  thoughtsChosen = null,
  onChooseThoughts,
  onStartEdit,
  onCancelEdit,
  onSubmitEdit,
  onRegenerate,
  onSwitchSibling,
  onFork,
  onDeleteBranch,
  onRaiseLimit,
}) => {
  const isUser = message.role === 'user'
  const footer = !isEditing && (
    <MessageFooter
      isUser={isUser}
      details={isUser ? '' : replyDetails(message)}
      siblings={onSwitchSibling && <SiblingNav message={message} disabled={!canAct} onSwitch={onSwitchSibling} />}
      alwaysShown={isLatest}
    >
      <MessageActions
        message={message}
        canAct={canAct}
        onStartEdit={onStartEdit}
        onRegenerate={onRegenerate}
        onFork={onFork}
        onDeleteBranch={onDeleteBranch}
      />
    </MessageFooter>
  )

  return (
    <MessageBubble message={message} isHighlighted={isHighlighted} fadeIn={fadeIn} footer={footer}>
      {!isUser && message.reasoning && (
        <ThinkingBlock
          reasoning={message.reasoning}
          isThinking={false}
          durationMs={message.stats?.reasoning_ms}
          chosen={thoughtsChosen}
          onChoose={onChooseThoughts}
        />
      )}
      {isEditing ? (
        <MessageEditor initialText={message.content} refusal={editRefusal} onSubmit={onSubmitEdit} onCancel={onCancelEdit} />
      ) : (
        <div data-testid="message-content">
          {isUser ? (
            <>
              {message.content && <UserText text={message.content} />}
              <MessageAttachments attachments={message.attachments} />
            </>
          ) : (
            message.content ? <MarkdownContent text={message.content} /> : null
          )}
        </div>
      )}
      <MessageNotes message={message} showReason={showReason} onRaiseLimit={onRaiseLimit} />
    </MessageBubble>
  )
}

export default Message

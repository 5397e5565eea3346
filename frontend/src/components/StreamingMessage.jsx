import MarkdownContent from '../features/markdown/MarkdownContent'
import MessageBubble from '../features/message/MessageBubble'
import MessageFooter from '../features/message/MessageFooter'
import PendingActions from '../features/message/PendingActions'
import ReplyWaiting from '../features/message/ReplyWaiting'
import ThinkingBlock from '../features/message/ThinkingBlock'

/**
 * The reply as it is written: the text so far with the pulsing cursor at its end, the model's
 * thoughts above it (open while it thinks), and before the first word what it waits for
 * (`since`: when the reply began; `modelState` 'not-loaded': LM Studio loads the model first).
 * Built like the stored Message that replaces it when it ends, so nothing moves then.
 */
const StreamingMessage = ({
  content,
  reasoning = '',
  thoughtMs = null,
  model = null,
  id = null,
  since = null,
  modelState = null,
  thoughtsChosen = null,
  onChooseThoughts,
}) => (
  <MessageBubble
    message={{ id, role: 'assistant' }}
    inProgress
    footer={
      <MessageFooter details={model ?? ''} inProgress>
        <PendingActions />
      </MessageFooter>
    }
  >
    {reasoning && (
      <ThinkingBlock
        reasoning={reasoning}
        isThinking={!content}
        durationMs={thoughtMs}
        chosen={thoughtsChosen}
        onChoose={onChooseThoughts}
      />
    )}
    <div data-testid="message-content">
      {content ? (
        <MarkdownContent text={content} streaming />
      ) : (
        // Once the model thinks aloud, its thoughts say what it is doing.
        <ReplyWaiting since={reasoning ? null : since} modelState={reasoning ? null : modelState} model={model} />
      )}
    </div>
  </MessageBubble>
)

export default StreamingMessage

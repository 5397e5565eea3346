import Message from './Message'

/**
 * The reply as it is written: the text so far with the pulsing cursor at its end, the model's
 * thoughts above it (open while it thinks), and before the first word what it waits for
 * (`since`: when the reply began; `modelState` 'not-loaded': LM Studio loads the model first).
 * It is a Message in its in-progress state: ChatWindow renders that Message in place, in the row
 * its stored message takes when the reply ends, so the same elements simply stop streaming then.
 */
const StreamingMessage = ({
  content,
  reasoning = '',
  thoughtMs = null,
  model = null,
  id = null,
  since = null,
  modelState = null,
}) => (
  <Message
    message={{ id, role: 'assistant', content, reasoning, model }}
    inProgress
    progress={{ thoughtMs, since, modelState }}
    canAct={false}
  />
)

export default StreamingMessage

import Message from './Message'

/**
 * The reply as it streams in, with the seed's pulsing cursor and the model's thoughts above it.
 * It is a Message in its streaming state: ChatWindow renders that state in place, under the
 * reply's id, so when the reply is stored the same DOM simply stops streaming.
 */
const StreamingMessage = ({ content, reasoning = '', thoughtMs = null, model = null, id = null }) => (
  <Message message={{ id, role: 'assistant', content, reasoning, model }} isStreaming thoughtMs={thoughtMs} />
)

export default StreamingMessage

// What the page reads of the reply in progress.
import { REPLY_STATUS } from './reducer'

export const selectIsReplying = (state) =>
  state.reply.status === REPLY_STATUS.submitted || state.reply.status === REPLY_STATUS.streaming

/** useChat()'s names: isStreaming and streamingMessage (the text so far), and the whole reply. */
export const replyView = (state) => ({
  isStreaming: selectIsReplying(state),
  streamingMessage: state.reply.text,
  reply: state.reply,
})

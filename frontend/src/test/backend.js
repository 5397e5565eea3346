// An in-memory stand-in for the backend's HTTP API, served through MSW. Tests arrange its state
// (backendState.js) and decide, event by event, what each reply stream sends (`reply`).
import { setupServer } from 'msw/node'
import { handlers } from './backendHandlers'
import { backend, findMessage, newId } from './backendState'
import { storedSteps, toolReply } from './backendTools'

export { activePath, addConversation, backend, finishLoads, holdCatalogs, releaseCatalogs, resetBackend, waitForStream } from './backendState'
export { handlers }
export { mcpServer, mcpTool } from './backendTools'

export const server = setupServer(...handlers)

/** Helpers a test uses to play the backend's part in a reply. */
export const reply = {
  ...toolReply,
  /** `extra`: more of the start event (model_state, context_length). */
  start(stream, model = 'model-a', extra = {}) {
    stream.replyId = stream.replyId ?? newId('m')
    stream.sse.send('start', { message_id: stream.replyId, model, ...extra })
  },
  chunk(stream, content) {
    stream.sent += content
    stream.sse.send('message', { content })
  },
  /** `extra`: more of the stored reply (stats, finish_reason, trimmed_messages). */
  finish(stream, extra = {}) {
    const stored = {
      id: stream.replyId ?? newId('m'),
      parent_id: stream.questionId ?? null,
      role: 'assistant',
      content: stream.sent,
      status: 'complete',
      steps: storedSteps(stream),
      ...extra,
    }
    backend.generating.delete(stream.conversationId)
    const question = findMessage(stream.conversationId, stored.parent_id)
    if (question) question.reply_error = null // answered at last
    backend.messages[stream.conversationId].push(stored)
    if (backend.active[stream.conversationId] === stored.parent_id) backend.active[stream.conversationId] = stored.id
    const stats = stored.stats ?? { ttft_ms: 5, tokens_per_second: 40, completion_tokens: 3 }
    stream.sse.send('done', { status: 'completed', message: stored, stats })
    stream.sse.close()
  },
  /** Nothing of the reply is stored: like the backend, the question keeps why (its reply_error). */
  fail(stream, error = 'Cannot reach LM Studio at http://localhost:1234/v1.', code = 'lm_studio_unreachable', details = {}) {
    backend.generating.delete(stream.conversationId)
    const question = findMessage(stream.conversationId, stream.questionId)
    if (question) question.reply_error = { error, code, at: new Date().toISOString() }
    stream.sse.send('error', { error, code, message: null, ...details })
    stream.sse.close()
  },
}

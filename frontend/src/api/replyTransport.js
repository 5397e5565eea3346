// One transport for every reply the page reads, one shape for each way of reading one:
// `(request, handlers, signal)`. `handlers` is one object: onAccepted (the backend took the
// request and the reply runs), onStart, onReasoning, onDelta, onDone, onError(sentence, data),
// and onIdle (attach found no reply running). The AbortSignal leaves the stream; the reply goes
// on in the backend, which owns it.
import { request } from './http'
import { readEventStream } from './eventStream'
import { conversationPath } from './paths'

// What a request may choose for its reply, sent only when chosen.
const REPLY_OPTIONS = ['model', 'temperature', 'max_tokens']

function chosenOptions(options = {}) {
  const chosen = {}
  for (const key of REPLY_OPTIONS) {
    if (options[key] != null) chosen[key] = options[key]
  }
  return chosen
}

async function readReply(path, init, handlers, signal) {
  let response
  try {
    response = await request(path, { ...init, signal, headers: { Accept: 'text/event-stream' } })
  } catch (error) {
    if (error.name === 'AbortError') return
    handlers.onError?.(error.message, { code: error.code, status: error.status })
    return
  }
  if (response.status === 204) {
    handlers.onIdle?.() // no reply is running (any more)
    return
  }
  handlers.onAccepted?.() // the backend has stored the request and the reply runs
  await readEventStream(response, handlers, signal)
}

export const replyTransport = {
  /**
   * A user message and its reply. `parentId` left out: after the active leaf; null: a new first
   * message (an edit of the first one); else under that message. `attachments`: uploaded files' ids.
   */
  send({ conversationId, message, parentId, attachments, options }, handlers, signal) {
    const body = { conversation_id: conversationId, message }
    if (parentId !== undefined) body.parent_id = parentId
    if (attachments?.length) body.attachments = attachments
    return readReply('/api/chat/stream', { method: 'POST', body: { ...body, ...chosenOptions(options) } }, handlers, signal)
  },

  /** A new reply to a user message (`messageId` is it, or one of its replies). */
  regenerate({ conversationId, messageId, options }, handlers, signal) {
    const path = conversationPath(conversationId, 'messages', messageId, 'regenerate')
    return readReply(path, { method: 'POST', body: chosenOptions(options) }, handlers, signal)
  },

  /** Write on from where a reply stopped (`messageId`, cut at max tokens or stopped): a new
   * version of it whose first text is what it wrote, then what follows. */
  continue({ conversationId, messageId, options }, handlers, signal) {
    const path = conversationPath(conversationId, 'messages', messageId, 'continue')
    return readReply(path, { method: 'POST', body: chosenOptions(options) }, handlers, signal)
  },

  /** The reply in progress: what it wrote so far, then live; onIdle when none runs. */
  attach({ conversationId }, handlers, signal) {
    return readReply(conversationPath(conversationId, 'stream'), {}, handlers, signal)
  },
}

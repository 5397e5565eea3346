// Reading one reply's Server-Sent Events: the response body through a streaming decoder and
// eventsource-parser (events split across network chunks, \r\n framing, comments), each event
// handed to the handler its name calls for.
import { EventSourceParserStream } from 'eventsource-parser/stream'
import { REPLY_EVENTS } from './events'

const CONNECTION_LOST =
  'The connection to the backend was lost before the reply finished. The reply may still be completing; open the conversation again to see it.'

// What each event does with its data; `true`: the reply has ended. An event without a name is a
// message (the SSE default); events a newer backend may add are ignored.
export const EVENT_HANDLERS = {
  [REPLY_EVENTS.start]: (data, handlers) => handlers.onStart?.(data),
  [REPLY_EVENTS.reasoning]: (data, handlers) => handlers.onReasoning?.(data.reasoning ?? ''),
  [REPLY_EVENTS.message]: (data, handlers) => {
    if (data.content) handlers.onDelta?.(data.content)
  },
  // A reply's tool calls: announced, waiting for the user's decision, decided, answered. Handed
  // on to whoever reads them; a page that shows no tools ignores them.
  [REPLY_EVENTS.toolCall]: (data, handlers) => handlers.onToolCall?.(data),
  [REPLY_EVENTS.toolApproval]: (data, handlers) => handlers.onToolApproval?.(data),
  [REPLY_EVENTS.toolDecided]: (data, handlers) => handlers.onToolDecided?.(data),
  [REPLY_EVENTS.toolResult]: (data, handlers) => handlers.onToolResult?.(data),
  [REPLY_EVENTS.done]: (data, handlers) => {
    handlers.onDone?.(data)
    return true
  },
  [REPLY_EVENTS.error]: (data, handlers) => {
    handlers.onError?.(data.error || 'The reply failed.', data)
    return true
  },
}

/**
 * Read a reply stream until `done` or `error`.
 * handlers: onStart(data), onReasoning(text), onDelta(text), onDone(data), onError(sentence, data).
 * A stream that ends without `done` or `error` is an error, never a silent stop.
 * Resolves after exactly one of onDone / onError has been called, or silently on abort.
 */
export async function readEventStream(response, handlers, signal) {
  const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())
  const reader = events.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      let data
      try {
        data = JSON.parse(value.data)
      } catch {
        handlers.onError?.('The backend sent an event this page cannot read.', { code: 'bad_event' })
        return
      }
      const name = value.event ?? REPLY_EVENTS.message
      if (Object.hasOwn(EVENT_HANDLERS, name) && EVENT_HANDLERS[name](data, handlers) === true) return
    }
  } catch (error) {
    if (signal?.aborted || error.name === 'AbortError') return
    handlers.onError?.(CONNECTION_LOST, { code: 'connection_lost' })
    return
  } finally {
    reader.releaseLock?.()
  }
  if (signal?.aborted) return
  handlers.onError?.(CONNECTION_LOST, { code: 'connection_lost' })
}

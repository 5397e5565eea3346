// The only module that talks HTTP. Every non-2xx answer becomes an ApiError carrying the
// backend's `detail`; event streams are parsed with eventsource-parser over a streaming decoder.
import { EventSourceParserStream } from 'eventsource-parser/stream'

export const API_BASE_URL = import.meta.env.VITE_API_BASE_URL || 'http://localhost:8000'

const CONNECTION_LOST =
  'The connection to the backend was lost before the reply finished. The reply may still be completing; open the conversation again to see it.'

export class ApiError extends Error {
  constructor(message, { status = 0, code = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

// FastAPI validation errors are a list of {loc, msg}; everything else is a sentence.
export function describeDetail(detail) {
  if (Array.isArray(detail)) {
    return detail
      .map((item) => {
        const field = (item.loc || []).filter((part) => part !== 'body').join('.')
        return field ? `${field}: ${item.msg}` : item.msg
      })
      .join('; ')
  }
  if (typeof detail === 'string') return detail
  return detail == null ? '' : JSON.stringify(detail)
}

async function errorFromResponse(response) {
  let detail = ''
  let code = null
  try {
    const body = await response.json()
    detail = describeDetail(body.detail)
    code = body.code ?? null
  } catch {
    // not JSON: fall back to the status line
  }
  return new ApiError(detail || `The backend answered HTTP ${response.status} ${response.statusText}`.trim(), {
    status: response.status,
    code,
  })
}

async function request(path, { method = 'GET', body, signal, headers } = {}) {
  let response
  try {
    response = await fetch(`${API_BASE_URL}${path}`, {
      method,
      signal,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (error) {
    if (error.name === 'AbortError') throw error
    throw new ApiError(
      `Cannot reach the backend at ${API_BASE_URL}. Start it with ./start-backend.sh and try again.`,
      { code: 'backend_unreachable' },
    )
  }
  if (!response.ok) throw await errorFromResponse(response)
  return response
}

async function requestJson(path, options) {
  const response = await request(path, options)
  return response.json()
}

/**
 * Read a Server-Sent Events response until `done` or `error`.
 * handlers: onStart(data), onChunk(text), onReasoning(text), onComplete(data), onError(message, data).
 * A stream that ends without `done` or `error` is an error, never a silent stop.
 * Resolves after exactly one of onComplete / onError has been called, or silently on abort.
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
      switch (value.event) {
        case 'start':
          handlers.onStart?.(data)
          break
        case 'reasoning':
          handlers.onReasoning?.(data.reasoning ?? '')
          break
        case 'done':
          handlers.onComplete?.(data)
          return
        case 'error':
          handlers.onError?.(data.error || 'The reply failed.', data)
          return
        case 'message':
        case undefined:
          if (data.content) handlers.onChunk?.(data.content)
          break
        default:
          break // events a newer backend may add
      }
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

async function streamFrom(path, init, handlers) {
  let response
  try {
    response = await request(path, init)
  } catch (error) {
    if (error.name === 'AbortError') return
    handlers.onError?.(error.message, { code: error.code, status: error.status })
    return
  }
  if (response.status === 204) {
    handlers.onIdle?.() // nothing is being generated (any more)
    return
  }
  handlers.onAccepted?.() // the backend has stored the message and started the reply
  await readEventStream(response, handlers, init.signal)
}

export const api = {
  /** Newest activity first: a page (`limit`, after the `before` cursor), or the matches of `query`. */
  async getConversations({ query, limit, before, signal } = {}) {
    const params = new URLSearchParams()
    if (query) params.set('q', query)
    if (limit) params.set('limit', String(limit))
    if (before) params.set('before', before)
    const search = params.toString()
    return requestJson(`/api/conversations${search ? `?${search}` : ''}`, { signal })
  },

  async getConversation(id, signal) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}`, { signal })
  },

  async createConversation(title) {
    return requestJson('/api/conversations', { method: 'POST', body: title ? { title } : {} })
  },

  async deleteConversation(id) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}`, { method: 'DELETE' })
  },

  async getMessages(id) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}/messages`)
  },

  async updateConversation(id, changes) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes })
  },

  async truncateMessages(id, index) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}/messages/${index}`, { method: 'DELETE' })
  },

  /** Delete a message and every message below it, on any branch. */
  async deleteBranch(id, messageId) {
    const path = `/api/conversations/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}`
    return requestJson(path, { method: 'DELETE' })
  },

  /** Show the branch through a message (down to its newest leaf); answers the new active path. */
  async setActive(id, messageId) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}/active`, {
      method: 'PUT',
      body: { message_id: messageId },
    })
  },

  /** A new conversation holding a copy of the path up to a message. */
  async fork(id, messageId) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}/fork`, {
      method: 'POST',
      body: { message_id: messageId },
    })
  },

  async stopGeneration(id) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}/stop`, { method: 'POST' })
  },

  async getModels() {
    return requestJson('/api/models')
  },

  /** Every model with its type, state, context length, quantization; `fresh` asks LM Studio again. */
  async getCatalog({ fresh = false, signal } = {}) {
    return requestJson(`/api/models/catalog${fresh ? '?fresh=true' : ''}`, { signal })
  },

  /** What new conversations start with (system prompt, model, sampling). */
  async getDefaults() {
    return requestJson('/api/settings')
  },

  async putDefaults(settings) {
    return requestJson('/api/settings', { method: 'PUT', body: settings })
  },

  async getPresets() {
    return requestJson('/api/presets')
  },

  async createPreset(preset) {
    return requestJson('/api/presets', { method: 'POST', body: preset })
  },

  async updatePreset(id, changes) {
    return requestJson(`/api/presets/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes })
  },

  async deletePreset(id) {
    return requestJson(`/api/presets/${encodeURIComponent(id)}`, { method: 'DELETE' })
  },

  /** A new conversation going on from one that outgrew the context window: from its last messages,
   * or from a summary the model writes (that one is generating: attach to follow it). */
  async continueConversation(id, startFrom) {
    return requestJson(`/api/conversations/${encodeURIComponent(id)}/continue`, {
      method: 'POST',
      body: { start_from: startFrom },
    })
  },

  async getHealth(signal) {
    return requestJson('/api/health', { signal })
  },

  /** Upload one file to attach to a message; its description (id, name, kind, size…). */
  async uploadAttachment(file, { signal } = {}) {
    const form = new FormData()
    form.append('file', file, file.name || 'pasted-image.png')
    let response
    try {
      response = await fetch(`${API_BASE_URL}/api/attachments`, { method: 'POST', body: form, signal })
    } catch (error) {
      if (error.name === 'AbortError') throw error
      throw new ApiError(`Cannot reach the backend at ${API_BASE_URL} to upload ${file.name}.`, {
        code: 'backend_unreachable',
      })
    }
    if (!response.ok) throw await errorFromResponse(response)
    return response.json()
  },

  attachmentUrl(id) {
    return `${API_BASE_URL}/api/attachments/${encodeURIComponent(id)}`
  },

  exportUrl(id, format) {
    return `${API_BASE_URL}/api/conversations/${encodeURIComponent(id)}/export?format=${format}`
  },

  /**
   * The seed's signature, plus options: { signal, onAccepted, onStart, onReasoning, parentId,
   * attachments (uploaded files' ids), model, temperature, max_tokens }. `parentId` left out sends after the active leaf; null starts a new
   * first message (an edit of the first one). onComplete receives the `done` data; onError
   * receives (sentence, data) with the HTTP status when the message was refused.
   */
  async streamChat(conversationId, message, onChunk, onComplete, onError, options = {}) {
    const { signal, onAccepted, onStart, onReasoning, parentId, attachments, ...settings } = options
    const body = { conversation_id: conversationId, message }
    if (parentId !== undefined) body.parent_id = parentId
    if (attachments?.length) body.attachments = attachments
    for (const key of ['model', 'temperature', 'max_tokens']) {
      if (settings[key] != null) body[key] = settings[key]
    }
    await streamFrom(
      '/api/chat/stream',
      { method: 'POST', body, signal, headers: { Accept: 'text/event-stream' } },
      { onAccepted, onStart, onChunk, onReasoning, onComplete, onError },
    )
  },

  /** A new reply to a user message (`messageId` is it or one of its replies), streamed as a send is. */
  async regenerate(conversationId, messageId, handlers, { signal, ...settings } = {}) {
    const body = {}
    for (const key of ['model', 'temperature', 'max_tokens']) {
      if (settings[key] != null) body[key] = settings[key]
    }
    const path = `/api/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/regenerate`
    await streamFrom(path, { method: 'POST', body, signal, headers: { Accept: 'text/event-stream' } }, handlers)
  },

  /** Follow a reply already in progress: what was generated so far, then live; onIdle if there is none. */
  async attachToStream(conversationId, handlers, { signal } = {}) {
    await streamFrom(
      `/api/conversations/${encodeURIComponent(conversationId)}/stream`,
      { signal, headers: { Accept: 'text/event-stream' } },
      handlers,
    )
  },
}

export default api

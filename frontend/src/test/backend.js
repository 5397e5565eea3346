// An in-memory stand-in for the backend's HTTP API, served through MSW. Tests arrange its
// state and decide, event by event, what each reply stream sends.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { controllableStream } from './sse'

const BASE = 'http://localhost:8000'

export const backend = {
  conversations: [],
  messages: {},
  generating: new Set(),
  streams: [], // every reply stream opened: { kind: 'send' | 'attach', conversationId, body, sse }
  requests: [], // "METHOD /path" of every call, in order
  health: { reachable: true, models: ['model-a'] },
}

export function resetBackend() {
  backend.conversations = []
  backend.messages = {}
  backend.generating = new Set()
  backend.streams = []
  backend.requests = []
  backend.health = { reachable: true, models: ['model-a'] }
}

let nextId = 1
export function addConversation({ title = 'New Conversation', messages = [], generating = false } = {}) {
  const id = `conv-${nextId++}`
  backend.conversations.unshift({ id, title, created_at: new Date().toISOString() })
  backend.messages[id] = messages
  if (generating) backend.generating.add(id)
  return id
}

export function summary(conversation) {
  return {
    ...conversation,
    message_count: backend.messages[conversation.id].length,
    is_generating: backend.generating.has(conversation.id),
  }
}

/** The newest reply stream, once the page has opened it. */
export async function waitForStream(predicate = () => true, timeoutMs = 2000) {
  const started = Date.now()
  for (;;) {
    const found = [...backend.streams].reverse().find(predicate)
    if (found) return found
    if (Date.now() - started > timeoutMs) throw new Error('the page opened no matching reply stream')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

function sseResponse(sse) {
  return new HttpResponse(sse.stream, { headers: { 'Content-Type': 'text/event-stream' } })
}

const notFound = () => HttpResponse.json({ detail: 'Conversation not found' }, { status: 404 })
const find = (id) => backend.conversations.find((c) => c.id === id)

export const handlers = [
  http.all(`${BASE}/*`, ({ request }) => {
    backend.requests.push(`${request.method} ${new URL(request.url).pathname}`)
  }),
  http.get(`${BASE}/api/health`, () =>
    HttpResponse.json({
      status: 'ok',
      storage: 'memory',
      lm_studio: backend.health.reachable
        ? { reachable: true, url: 'http://localhost:1234/v1', models: backend.health.models, error: null, code: null }
        : {
            reachable: false,
            url: 'http://localhost:1234/v1',
            models: [],
            error: 'Cannot reach LM Studio at http://localhost:1234/v1.',
            code: 'lm_studio_unreachable',
          },
    }),
  ),
  http.get(`${BASE}/api/conversations`, ({ request }) => {
    const params = new URL(request.url).searchParams
    const query = params.get('q')?.toLowerCase()
    if (query) {
      // Like the backend: each match with its newest matching message and a piece of it.
      const found = backend.conversations.flatMap((c) => {
        const message = [...backend.messages[c.id]].reverse().find((m) => m.content.toLowerCase().includes(query))
        if (!message && !c.title.toLowerCase().includes(query)) return []
        return [{ ...summary(c), match_message_id: message?.id ?? null, snippet: message?.content.slice(0, 80) ?? null }]
      })
      return HttpResponse.json(found)
    }
    // Pages: `cursor` is the conversation's id here; `before` starts after it.
    let listed = backend.conversations.map((c) => ({ ...summary(c), cursor: c.id }))
    const before = params.get('before')
    if (before) listed = listed.slice(listed.findIndex((c) => c.id === before) + 1)
    const limit = Number(params.get('limit') || listed.length)
    return HttpResponse.json(listed.slice(0, limit))
  }),
  http.get(`${BASE}/api/conversations/:id`, ({ params }) =>
    find(params.id) ? HttpResponse.json(summary(find(params.id))) : notFound(),
  ),
  http.patch(`${BASE}/api/conversations/:id`, async ({ params, request }) => {
    const conversation = find(params.id)
    if (!conversation) return notFound()
    Object.assign(conversation, await request.json())
    return HttpResponse.json(summary(conversation))
  }),
  http.post(`${BASE}/api/conversations`, async () => {
    const id = addConversation()
    return HttpResponse.json(summary(find(id)))
  }),
  http.delete(`${BASE}/api/conversations/:id`, ({ params }) => {
    if (!find(params.id)) return notFound()
    backend.conversations = backend.conversations.filter((c) => c.id !== params.id)
    return HttpResponse.json({ status: 'deleted' })
  }),
  http.get(`${BASE}/api/conversations/:id/messages`, ({ params }) =>
    find(params.id) ? HttpResponse.json(backend.messages[params.id]) : notFound(),
  ),
  http.delete(`${BASE}/api/conversations/:id/messages/:index`, ({ params }) => {
    if (!find(params.id)) return notFound()
    const index = Number(params.index)
    const removed = backend.messages[params.id].length - index
    backend.messages[params.id] = backend.messages[params.id].slice(0, index)
    return HttpResponse.json({ status: 'truncated', removed, message_count: index })
  }),
  http.post(`${BASE}/api/conversations/:id/stop`, ({ params }) => {
    if (!backend.generating.has(params.id)) return HttpResponse.json({ status: 'not_generating', message: null })
    backend.generating.delete(params.id)
    const stream = [...backend.streams].reverse().find((s) => s.conversationId === params.id)
    const message = { id: 'stopped-1', role: 'assistant', content: stream?.sent ?? '', status: 'stopped' }
    backend.messages[params.id].push(message)
    stream?.sse.send('done', { status: 'stopped', message })
    stream?.sse.close()
    return HttpResponse.json({ status: 'stopped', message })
  }),
  http.post(`${BASE}/api/chat/stream`, async ({ request }) => {
    const body = await request.json()
    const conversation = find(body.conversation_id)
    if (!conversation) return notFound()
    if (backend.generating.has(conversation.id)) {
      return HttpResponse.json({ detail: 'A reply is still being generated in this conversation.' }, { status: 409 })
    }
    if (backend.messages[conversation.id].length === 0) conversation.title = body.message.slice(0, 50)
    backend.messages[conversation.id].push({ role: 'user', content: body.message })
    backend.generating.add(conversation.id)
    const sse = controllableStream()
    backend.streams.push({ kind: 'send', conversationId: conversation.id, body, sse, sent: '' })
    return sseResponse(sse)
  }),
  http.get(`${BASE}/api/conversations/:id/stream`, ({ params }) => {
    if (!find(params.id)) return notFound()
    if (!backend.generating.has(params.id)) return new HttpResponse(null, { status: 204 })
    const sse = controllableStream()
    backend.streams.push({ kind: 'attach', conversationId: params.id, sse, sent: '' })
    return sseResponse(sse)
  }),
]

export const server = setupServer(...handlers)

/** Helpers a test uses to play the backend's part in a reply. */
export const reply = {
  start(stream, model = 'model-a') {
    stream.sse.send('start', { message_id: `msg-${stream.conversationId}`, model })
  },
  chunk(stream, content) {
    stream.sent += content
    stream.sse.send('message', { content })
  },
  finish(stream) {
    const message = {
      id: `msg-${stream.conversationId}`,
      role: 'assistant',
      content: stream.sent,
      status: 'complete',
    }
    backend.generating.delete(stream.conversationId)
    backend.messages[stream.conversationId].push(message)
    stream.sse.send('done', { status: 'completed', message, stats: { ttft_ms: 5, tokens_per_second: 40, completion_tokens: 3 } })
    stream.sse.close()
  },
  fail(stream, error = 'Cannot reach LM Studio at http://localhost:1234/v1.', code = 'lm_studio_unreachable') {
    backend.generating.delete(stream.conversationId)
    stream.sse.send('error', { error, code, message: null })
    stream.sse.close()
  },
}

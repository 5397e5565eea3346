// An in-memory stand-in for the backend's HTTP API, served through MSW. Tests arrange its
// state and decide, event by event, what each reply stream sends. Conversations are trees as in
// the backend: every message has a parent, each conversation an active leaf, and the message
// list is the path from the root to that leaf.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { controllableStream } from './sse'

const BASE = 'http://localhost:8000'

export const backend = {
  conversations: [],
  messages: {}, // conversation id -> every message of every branch, oldest first
  active: {}, // conversation id -> id of the active leaf
  generating: new Set(),
  streams: [], // every reply stream opened: { kind: 'send' | 'regenerate' | 'attach', conversationId, body, sse }
  requests: [], // "METHOD /path" of every call, in order
  bodies: [], // [path, JSON body] of every call that had one, in order
  health: { reachable: true, models: ['model-a'] },
  maxMessageChars: 100000,
  catalog: null, // GET /api/models/catalog; null: each health model, loaded, window unknown
  attachments: {}, // id -> description, as POST /api/attachments answered
  refuseUpload: null, // { status, detail }: the next uploads are refused so
  defaults: {}, // GET /api/settings
  presets: [],
}

export function resetBackend() {
  backend.conversations = []
  backend.messages = {}
  backend.active = {}
  backend.generating = new Set()
  backend.streams = []
  backend.requests = []
  backend.bodies = []
  backend.health = { reachable: true, models: ['model-a'] }
  backend.maxMessageChars = 100000
  backend.catalog = null
  backend.attachments = {}
  backend.refuseUpload = null
  backend.defaults = {}
  backend.presets = []
}

export const SETTINGS_KEYS = [
  'system_prompt',
  'model',
  'temperature',
  'max_tokens',
  'top_p',
  'top_k',
  'min_p',
  'repeat_penalty',
  'stop',
  'context_overflow',
]
const settingsOf = (source) => Object.fromEntries(SETTINGS_KEYS.map((key) => [key, source[key] ?? null]))

let nextId = 1
const newId = (prefix) => `${prefix}-${nextId++}`

/** A conversation whose `messages` are one chain (the active path), unless they name their parents. */
export function addConversation({ title = 'New Conversation', messages = [], generating = false, settings = {} } = {}) {
  const id = newId('conv')
  backend.conversations.unshift({ id, title, created_at: new Date().toISOString(), title_set_by_user: false, ...settings })
  let parent = null
  backend.messages[id] = messages.map((message) => {
    const stored = { id: newId('m'), parent_id: parent, ...message }
    parent = stored.id
    return stored
  })
  backend.active[id] = parent
  if (generating) backend.generating.add(id)
  return id
}

/** The active path of a conversation, each message with its siblings (oldest first). */
export function activePath(conversationId) {
  const all = backend.messages[conversationId] ?? []
  const byId = new Map(all.map((m) => [m.id, m]))
  const path = []
  for (let at = byId.get(backend.active[conversationId]); at; at = byId.get(at.parent_id)) path.unshift(at)
  return path.map((m) => ({ ...m, sibling_ids: all.filter((s) => s.parent_id === m.parent_id).map((s) => s.id) }))
}

function newestLeafUnder(conversationId, messageId) {
  const all = backend.messages[conversationId]
  const below = new Set([messageId])
  for (const m of all) if (below.has(m.parent_id)) below.add(m.id)
  return [...all].reverse().find((m) => below.has(m.id)).id
}

export function summary(conversation) {
  return {
    ...conversation,
    message_count: activePath(conversation.id).length,
    active_message_id: backend.active[conversation.id] ?? null,
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

const notFound = (detail = 'Conversation not found') => HttpResponse.json({ detail }, { status: 404 })
const find = (id) => backend.conversations.find((c) => c.id === id)
const message = (conversationId, id) => backend.messages[conversationId]?.find((m) => m.id === id)

function openReply(kind, conversationId, body, questionId) {
  backend.generating.add(conversationId)
  const sse = controllableStream()
  backend.streams.push({ kind, conversationId, body, sse, sent: '', questionId })
  return sseResponse(sse)
}

export const handlers = [
  http.all(`${BASE}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname
    backend.requests.push(`${request.method} ${path}`)
    if (!request.headers.get('content-type')?.includes('application/json')) return
    const text = await request.clone().text()
    if (text) backend.bodies.push([`${request.method} ${path}`, JSON.parse(text)])
  }),
  http.get(`${BASE}/api/health`, () =>
    HttpResponse.json({
      status: 'ok',
      storage: 'memory',
      max_message_chars: backend.maxMessageChars,
      max_upload_bytes: 20 * 1024 * 1024,
      max_attachments: 10,
      lm_studio: backend.health.reachable
        ? {
            reachable: true,
            url: 'http://localhost:1234/v1',
            models: backend.health.models,
            default_model: backend.health.models[0] ?? null,
            error: null,
            code: null,
          }
        : {
            reachable: false,
            url: backend.health.url ?? 'http://localhost:1234/v1',
            models: [],
            error: `Cannot reach LM Studio at ${backend.health.url ?? 'http://localhost:1234/v1'}.`,
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
        const hit = [...backend.messages[c.id]].reverse().find((m) => m.content.toLowerCase().includes(query))
        if (!hit && !c.title.toLowerCase().includes(query)) return []
        return [{ ...summary(c), match_message_id: hit?.id ?? null, snippet: hit?.content.slice(0, 80) ?? null }]
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
    const { preset_id: presetId, ...changes } = await request.json()
    if (presetId !== undefined) {
      const preset = backend.presets.find((p) => p.id === presetId)
      if (!preset) return HttpResponse.json({ detail: `Preset ${presetId} not found` }, { status: 422 })
      Object.assign(conversation, settingsOf(preset))
    }
    Object.assign(conversation, changes, 'title' in changes ? { title_set_by_user: true } : {})
    return HttpResponse.json(summary(conversation))
  }),
  http.post(`${BASE}/api/conversations`, async () => {
    const id = addConversation({ settings: backend.defaults })
    return HttpResponse.json(summary(find(id)))
  }),
  http.post(`${BASE}/api/conversations/:id/continue`, async ({ params, request }) => {
    const source = find(params.id)
    if (!source) return notFound()
    const { start_from: startFrom } = await request.json()
    const title = `${source.title} (continued)`
    if (startFrom === 'last_messages') {
      const copy = activePath(params.id).slice(-2).map(({ role, content }) => ({ role, content }))
      return HttpResponse.json(summary(find(addConversation({ title, messages: copy, settings: settingsOf(source) }))))
    }
    const id = addConversation({ title, messages: [{ role: 'user', content: 'Summarise our earlier conversation.' }], generating: true })
    openReply('summary', id, { start_from: startFrom }, backend.active[id])
    return HttpResponse.json(summary(find(id)))
  }),
  http.post(`${BASE}/api/attachments`, async ({ request }) => {
    if (backend.refuseUpload) return HttpResponse.json({ detail: backend.refuseUpload.detail }, { status: backend.refuseUpload.status })
    const file = (await request.formData()).get('file')
    const isImage = file.type.startsWith('image/')
    const described = {
      id: newId('file'),
      name: file.name,
      kind: isImage ? 'image' : 'document',
      media_type: isImage ? 'image/png' : 'text/plain; charset=utf-8',
      size: file.size,
      width: isImage ? 8 : null,
      height: isImage ? 8 : null,
      chars: isImage ? null : (await file.text()).length,
    }
    backend.attachments[described.id] = described
    return HttpResponse.json(described, { status: 201 })
  }),
  http.get(`${BASE}/api/models/catalog`, () =>
    HttpResponse.json(
      backend.catalog ??
        backend.health.models.map((id) => ({ id, type: 'llm', state: 'loaded', vision: false, context_length: null })),
    ),
  ),
  http.get(`${BASE}/api/settings`, () => HttpResponse.json(settingsOf(backend.defaults))),
  http.put(`${BASE}/api/settings`, async ({ request }) => {
    backend.defaults = settingsOf(await request.json())
    return HttpResponse.json(backend.defaults)
  }),
  http.get(`${BASE}/api/presets`, () => HttpResponse.json([...backend.presets].sort((a, b) => a.name.localeCompare(b.name)))),
  http.post(`${BASE}/api/presets`, async ({ request }) => {
    const body = await request.json()
    if (backend.presets.some((p) => p.name.toLowerCase() === body.name.toLowerCase())) {
      return HttpResponse.json({ detail: `A preset named '${body.name}' already exists; choose another name.` }, { status: 409 })
    }
    const preset = { id: newId('preset'), name: body.name, ...settingsOf(body) }
    backend.presets.push(preset)
    return HttpResponse.json(preset, { status: 201 })
  }),
  http.patch(`${BASE}/api/presets/:id`, async ({ params, request }) => {
    const preset = backend.presets.find((p) => p.id === params.id)
    if (!preset) return notFound('Preset not found')
    Object.assign(preset, await request.json())
    return HttpResponse.json(preset)
  }),
  http.delete(`${BASE}/api/presets/:id`, ({ params }) => {
    if (!backend.presets.some((p) => p.id === params.id)) return notFound('Preset not found')
    backend.presets = backend.presets.filter((p) => p.id !== params.id)
    return HttpResponse.json({ status: 'deleted' })
  }),
  http.delete(`${BASE}/api/conversations/:id`, ({ params }) => {
    if (!find(params.id)) return notFound()
    backend.conversations = backend.conversations.filter((c) => c.id !== params.id)
    return HttpResponse.json({ status: 'deleted' })
  }),
  http.get(`${BASE}/api/conversations/:id/messages`, ({ params }) =>
    find(params.id) ? HttpResponse.json(activePath(params.id)) : notFound(),
  ),
  http.delete(`${BASE}/api/conversations/:id/messages/:ref`, ({ params }) => {
    if (!find(params.id)) return notFound()
    const path = activePath(params.id)
    const doomed = /^\d+$/.test(params.ref) ? path[Number(params.ref)] : message(params.id, params.ref)
    if (!doomed) return notFound('Message not found in this conversation')
    const gone = new Set([doomed.id])
    for (const m of backend.messages[params.id]) if (gone.has(m.parent_id)) gone.add(m.id)
    backend.messages[params.id] = backend.messages[params.id].filter((m) => !gone.has(m.id))
    if (gone.has(backend.active[params.id])) backend.active[params.id] = doomed.parent_id
    return HttpResponse.json({ status: 'truncated', removed: gone.size, message_count: activePath(params.id).length })
  }),
  http.put(`${BASE}/api/conversations/:id/active`, async ({ params, request }) => {
    const { message_id: messageId } = await request.json()
    if (!find(params.id) || !message(params.id, messageId)) return notFound('Message not found in this conversation')
    backend.active[params.id] = newestLeafUnder(params.id, messageId)
    return HttpResponse.json(activePath(params.id))
  }),
  http.post(`${BASE}/api/conversations/:id/fork`, async ({ params, request }) => {
    const { message_id: messageId } = await request.json()
    const source = find(params.id)
    if (!source || !message(params.id, messageId)) return notFound('Message not found in this conversation')
    const saved = backend.active[params.id]
    backend.active[params.id] = messageId
    const copy = activePath(params.id).map(({ role, content }) => ({ role, content }))
    backend.active[params.id] = saved
    const id = addConversation({ title: source.title, messages: copy })
    return HttpResponse.json(summary(find(id)))
  }),
  http.post(`${BASE}/api/conversations/:id/stop`, ({ params }) => {
    if (!backend.generating.has(params.id)) return HttpResponse.json({ status: 'not_generating', message: null })
    backend.generating.delete(params.id)
    const stream = [...backend.streams].reverse().find((s) => s.conversationId === params.id)
    const stopped = { id: newId('m'), parent_id: stream?.questionId ?? null, role: 'assistant', content: stream?.sent ?? '', status: 'stopped' }
    backend.messages[params.id].push(stopped)
    backend.active[params.id] = stopped.id
    stream?.sse.send('done', { status: 'stopped', message: stopped })
    stream?.sse.close()
    return HttpResponse.json({ status: 'stopped', message: stopped })
  }),
  http.post(`${BASE}/api/chat/stream`, async ({ request }) => {
    const body = await request.json()
    const conversation = find(body.conversation_id)
    if (!conversation) return notFound()
    if (body.message.length > backend.maxMessageChars) {
      const detail = `Message is too long: ${body.message.length} characters; the limit is ${backend.maxMessageChars} (CHAT_MAX_MESSAGE_CHARS).`
      return HttpResponse.json({ detail }, { status: 413 })
    }
    if (backend.generating.has(conversation.id)) {
      return HttpResponse.json({ detail: 'A reply is still being generated in this conversation.' }, { status: 409 })
    }
    const parent = 'parent_id' in body ? body.parent_id : backend.active[conversation.id] ?? null
    if (parent === null && !conversation.title_set_by_user) conversation.title = body.message.split(/\s+/).join(' ').slice(0, 50)
    const attachments = (body.attachments ?? []).map((id) => backend.attachments[id])
    const question = { id: newId('m'), parent_id: parent, role: 'user', content: body.message, attachments: attachments.length ? attachments : null }
    backend.messages[conversation.id].push(question)
    backend.active[conversation.id] = question.id
    return openReply('send', conversation.id, body, question.id)
  }),
  http.post(`${BASE}/api/conversations/:id/messages/:messageId/regenerate`, ({ params }) => {
    const target = message(params.id, params.messageId)
    if (!find(params.id) || !target) return notFound('Message not found in this conversation')
    if (backend.generating.has(params.id)) {
      return HttpResponse.json({ detail: 'A reply is still being generated in this conversation.' }, { status: 409 })
    }
    const questionId = target.role === 'user' ? target.id : target.parent_id
    backend.active[params.id] = questionId
    return openReply('regenerate', params.id, { message_id: params.messageId }, questionId)
  }),
  http.get(`${BASE}/api/conversations/:id/stream`, ({ params }) => {
    if (!find(params.id)) return notFound()
    if (!backend.generating.has(params.id)) return new HttpResponse(null, { status: 204 })
    const sse = controllableStream()
    const running = [...backend.streams].reverse().find((s) => s.conversationId === params.id)
    backend.streams.push({ kind: 'attach', conversationId: params.id, sse, sent: '', questionId: running?.questionId })
    return sseResponse(sse)
  }),
]

export const server = setupServer(...handlers)

/** Helpers a test uses to play the backend's part in a reply. */
export const reply = {
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
      ...extra,
    }
    backend.generating.delete(stream.conversationId)
    backend.messages[stream.conversationId].push(stored)
    if (backend.active[stream.conversationId] === stored.parent_id) backend.active[stream.conversationId] = stored.id
    const stats = stored.stats ?? { ttft_ms: 5, tokens_per_second: 40, completion_tokens: 3 }
    stream.sse.send('done', { status: 'completed', message: stored, stats })
    stream.sse.close()
  },
  fail(stream, error = 'Cannot reach LM Studio at http://localhost:1234/v1.', code = 'lm_studio_unreachable', details = {}) {
    backend.generating.delete(stream.conversationId)
    stream.sse.send('error', { error, code, message: null, ...details })
    stream.sse.close()
  },
}

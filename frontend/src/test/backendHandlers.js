// The backend stand-in's HTTP API, served through MSW: each route answers from backendState.js as
// the backend would; reply streams are opened for the tests to play (see backend.js's reply).
import { http, HttpResponse } from 'msw'
import { controllableStream } from './sse'
import { storedSteps, toolHandlers } from './backendTools'
import { folderHandlers } from './backendFolders'
import { accountHandlers } from './backendAccounts'
import {
  activePath,
  addConversation,
  backend,
  findConversation,
  findMessage,
  newId,
  newestLeafUnder,
  settingsOf,
  summary,
} from './backendState'

const BASE = 'http://localhost:8000'

// What each kind of copy is called, as backend/storage/titles.py names it: the prefix once (a
// branch of a branch is still "Branch: …"), at most 200 characters.
const prefixed = (prefix, title) => (title.startsWith(prefix) ? title : `${prefix}${title}`).slice(0, 200)

function sseResponse(sse) {
  return new HttpResponse(sse.stream, { headers: { 'Content-Type': 'text/event-stream' } })
}

// Why models cannot be loaded here, in the backend's words (backend/lm_studio/loading.py), by the
// native API the server has: health's cannot_load_models, and the 501's detail.
const CANNOT_LOAD_MODELS = {
  v1: null,
  v0: 'The LM Studio at http://localhost:1234/v1 is older than 0.4 and cannot load or eject models for other apps. Load the model in LM Studio itself, or update LM Studio.',
  none: "The server at http://localhost:1234/v1 is not LM Studio (it has no LM Studio native API), so models cannot be loaded or ejected from here. Use that server's own way to load them.",
}
const NO_NATIVE_API = CANNOT_LOAD_MODELS.v0

const notFound = (detail = 'Conversation not found') => HttpResponse.json({ detail }, { status: 404 })

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
  ...accountHandlers,
  ...toolHandlers,
  ...folderHandlers,
  http.get(`${BASE}/api/health`, () =>
    HttpResponse.json({
      status: 'ok',
      storage: backend.health.storage,
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
            native_api: backend.health.nativeApi ?? 'v1',
            cannot_load_models: CANNOT_LOAD_MODELS[backend.health.nativeApi ?? 'v1'],
            // Each server LM_STUDIO_URL lists (backend.health.servers: several, some down).
            servers: backend.health.servers ?? [
              { url: 'http://localhost:1234/v1', reachable: true, models: backend.health.models.length, running: 0 },
            ],
          }
        : backend.health.auth
          ? {
              // LM Studio's server asks for an API token we do not have (or refuses ours).
              reachable: false,
              url: 'http://localhost:1234/v1',
              models: [],
              error: "LM Studio's server requires an API token. Create one in LM Studio's Developer page → Server Settings → Manage Tokens, set LM_STUDIO_API_KEY to it and restart the backend.",
              code: 'lm_studio_auth',
              auth: 'required',
            }
          : {
              reachable: false,
              url: backend.health.url ?? 'http://localhost:1234/v1',
              models: [],
              error: `Cannot reach LM Studio at ${backend.health.url ?? 'http://localhost:1234/v1'}.`,
              code: 'lm_studio_unreachable',
            },
      // Several backends sharing Redis (backend.health.cluster); null for a backend on its own.
      cluster: backend.health.cluster ?? null,
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
    listed = [...listed.filter((c) => c.pinned), ...listed.filter((c) => !c.pinned)] // pinned first, as the backend
    const folderId = params.get('folder_id')
    if (folderId) listed = listed.filter((c) => c.folder_id === folderId)
    const before = params.get('before')
    if (before) listed = listed.slice(listed.findIndex((c) => c.id === before) + 1)
    const limit = Number(params.get('limit') || listed.length)
    return HttpResponse.json(listed.slice(0, limit))
  }),
  http.get(`${BASE}/api/conversations/:id`, ({ params }) =>
    findConversation(params.id) ? HttpResponse.json(summary(findConversation(params.id))) : notFound(),
  ),
  http.patch(`${BASE}/api/conversations/:id`, async ({ params, request }) => {
    const conversation = findConversation(params.id)
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
    return HttpResponse.json(summary(findConversation(id)))
  }),
  http.post(`${BASE}/api/conversations/:id/continue`, async ({ params, request }) => {
    const source = findConversation(params.id)
    if (!source) return notFound()
    const { start_from: startFrom } = await request.json()
    const title = prefixed('Continued: ', source.title)
    if (startFrom === 'last_messages') {
      const copy = activePath(params.id).slice(-2).map(({ role, content }) => ({ role, content }))
      return HttpResponse.json(summary(findConversation(addConversation({ title, messages: copy, settings: settingsOf(source) }))))
    }
    const id = addConversation({ title, messages: [{ role: 'user', content: 'Summarise our earlier conversation.' }], generating: true })
    openReply('summary', id, { start_from: startFrom }, backend.active[id])
    return HttpResponse.json(summary(findConversation(id)))
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
  http.get(`${BASE}/api/models/catalog`, async () => {
    if (backend.catalogHeld) await new Promise((answer) => backend.catalogHeld.push(answer))
    if (backend.catalogFails) {
      return HttpResponse.json({ detail: 'Cannot reach LM Studio at http://localhost:1234/v1.', code: 'lm_studio_unreachable' }, { status: 503 })
    }
    return HttpResponse.json(
      backend.catalog ??
        backend.health.models.map((id) => ({ id, type: 'llm', state: 'loaded', vision: false, context_length: null })),
    )
  }),
  http.post(`${BASE}/api/models/load`, async ({ request }) => {
    const { model: id, context_length: asked } = await request.json()
    const loading = backend.modelLoading
    if (loading.unsupported) return HttpResponse.json({ detail: NO_NATIVE_API, code: 'not_supported' }, { status: 501 })
    const model = backend.catalog?.find((m) => m.id === id)
    if (!model) return HttpResponse.json({ detail: `LM Studio has no model named '${id}'.`, code: 'model_not_found' }, { status: 404 })
    if (asked && model.max_context_length && asked > model.max_context_length) {
      return HttpResponse.json({ detail: `context_length ${asked} is more than ${id} can take.`, code: 'context_too_long' }, { status: 422 })
    }
    // As the backend: one load of a model at a time (LM Studio would load a second copy).
    if (loading.inFlight.has(id)) {
      return HttpResponse.json({ detail: `${id} is already being loaded; it can be used once that load ends.`, code: 'already_loading' }, { status: 409 })
    }
    loading.inFlight.add(id)
    try {
      if (loading.hold) await new Promise((finish) => loading.held.push(finish))
    } finally {
      loading.inFlight.delete(id)
    }
    if (loading.gone) return HttpResponse.json({ detail: loading.gone, code: 'lm_studio_unreachable' }, { status: 503 })
    if (loading.refuse) {
      return HttpResponse.json({ detail: `LM Studio could not load ${id}: ${loading.refuse}`, code: 'lm_studio_declined' }, { status: 409 })
    }
    // As LM Studio: its default window when none is asked, never more than the model takes.
    const granted = Math.min(asked ?? 4096, model.max_context_length ?? Infinity, model.loads_at_most ?? Infinity)
    const instanceId = model.instances?.length ? `${id}:${model.instances.length + 1}` : id
    Object.assign(model, {
      state: 'loaded',
      context_length: granted,
      instances: [...(model.instances ?? []), { id: instanceId, context_length: granted }],
    })
    return HttpResponse.json({ model: id, instance_id: instanceId, context_length: granted, load_time_s: 1.5 })
  }),
  http.post(`${BASE}/api/models/unload`, async ({ request }) => {
    const { instance_id: instanceId } = await request.json()
    if (backend.modelLoading.unsupported) return HttpResponse.json({ detail: NO_NATIVE_API, code: 'not_supported' }, { status: 501 })
    const model = backend.catalog?.find((m) => m.instances?.some((instance) => instance.id === instanceId))
    if (!model) return HttpResponse.json({ detail: `No model is loaded in LM Studio as '${instanceId}'.`, code: 'not_loaded' }, { status: 404 })
    if (backend.modelLoading.refuseEject) {
      const detail = `LM Studio could not eject ${model.id}: ${backend.modelLoading.refuseEject}`
      return HttpResponse.json({ detail, code: 'lm_studio_declined' }, { status: 409 })
    }
    model.instances = model.instances.filter((instance) => instance.id !== instanceId)
    if (model.instances.length === 0) Object.assign(model, { state: 'not-loaded', context_length: null })
    else model.context_length = model.instances[0].context_length
    return HttpResponse.json({ unloaded: [instanceId] })
  }),
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
    if (!findConversation(params.id)) return notFound()
    backend.conversations = backend.conversations.filter((c) => c.id !== params.id)
    return HttpResponse.json({ status: 'deleted' })
  }),
  http.get(`${BASE}/api/conversations/:id/messages`, ({ params }) =>
    findConversation(params.id) ? HttpResponse.json(activePath(params.id)) : notFound(),
  ),
  http.delete(`${BASE}/api/conversations/:id/messages/:messageId`, ({ params }) => {
    if (!findConversation(params.id)) return notFound()
    const doomed = findMessage(params.id, params.messageId)
    if (!doomed) return notFound('Message not found in this conversation')
    const gone = new Set([doomed.id])
    for (const m of backend.messages[params.id]) if (gone.has(m.parent_id)) gone.add(m.id)
    backend.messages[params.id] = backend.messages[params.id].filter((m) => !gone.has(m.id))
    if (gone.has(backend.active[params.id])) backend.active[params.id] = doomed.parent_id
    return HttpResponse.json({ status: 'truncated', removed: gone.size, message_count: activePath(params.id).length })
  }),
  http.put(`${BASE}/api/conversations/:id/active`, async ({ params, request }) => {
    const { message_id: messageId } = await request.json()
    if (!findConversation(params.id) || !findMessage(params.id, messageId)) return notFound('Message not found in this conversation')
    backend.active[params.id] = newestLeafUnder(params.id, messageId)
    return HttpResponse.json(activePath(params.id))
  }),
  http.post(`${BASE}/api/conversations/:id/fork`, async ({ params, request }) => {
    const { message_id: messageId } = await request.json()
    const source = findConversation(params.id)
    if (!source || !findMessage(params.id, messageId)) return notFound('Message not found in this conversation')
    const saved = backend.active[params.id]
    backend.active[params.id] = messageId
    const copy = activePath(params.id).map(({ role, content }) => ({ role, content }))
    backend.active[params.id] = saved
    const id = addConversation({ title: prefixed('Branch: ', source.title), messages: copy })
    return HttpResponse.json(summary(findConversation(id)))
  }),
  http.post(`${BASE}/api/conversations/:id/stop`, ({ params }) => {
    if (!backend.generating.has(params.id)) return HttpResponse.json({ status: 'not_generating', message: null })
    backend.generating.delete(params.id)
    const stream = [...backend.streams].reverse().find((s) => s.conversationId === params.id)
    const stopped = {
      id: newId('m'),
      parent_id: stream?.questionId ?? null,
      role: 'assistant',
      content: stream?.sent ?? '',
      status: 'stopped',
      steps: storedSteps(stream),
    }
    for (const key of backend.approvals) if (key.startsWith(`${params.id}/`)) backend.approvals.delete(key) // nothing waits any more
    backend.messages[params.id].push(stopped)
    backend.active[params.id] = stopped.id
    stream?.sse.send('done', { status: 'stopped', message: stopped })
    stream?.sse.close()
    return HttpResponse.json({ status: 'stopped', message: stopped })
  }),
  http.post(`${BASE}/api/chat/stream`, async ({ request }) => {
    const body = await request.json()
    const conversation = findConversation(body.conversation_id)
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
    const target = findMessage(params.id, params.messageId)
    if (!findConversation(params.id) || !target) return notFound('Message not found in this conversation')
    if (backend.generating.has(params.id)) {
      return HttpResponse.json({ detail: 'A reply is still being generated in this conversation.' }, { status: 409 })
    }
    const questionId = target.role === 'user' ? target.id : target.parent_id
    backend.active[params.id] = questionId
    return openReply('regenerate', params.id, { message_id: params.messageId }, questionId)
  }),
  http.post(`${BASE}/api/conversations/:id/messages/:messageId/continue`, ({ params }) => {
    const earlier = findMessage(params.id, params.messageId)
    if (!findConversation(params.id) || !earlier) return notFound('Message not found in this conversation')
    if (earlier.role !== 'assistant' || !earlier.content) {
      return HttpResponse.json({ detail: 'Only a reply with text can be continued; regenerate the others.' }, { status: 422 })
    }
    if (backend.generating.has(params.id)) {
      return HttpResponse.json({ detail: 'A reply is still being generated in this conversation.' }, { status: 409 })
    }
    backend.active[params.id] = earlier.parent_id
    return openReply('continue', params.id, { message_id: params.messageId }, earlier.parent_id)
  }),
  http.get(`${BASE}/api/conversations/:id/stream`, ({ params }) => {
    if (!findConversation(params.id)) return notFound()
    if (!backend.generating.has(params.id)) return new HttpResponse(null, { status: 204 })
    const sse = controllableStream()
    const running = [...backend.streams].reverse().find((s) => s.conversationId === params.id)
    backend.streams.push({ kind: 'attach', conversationId: params.id, sse, sent: '', questionId: running?.questionId })
    return sseResponse(sse)
  }),
]

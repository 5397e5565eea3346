// The backend stand-in's state: conversations as trees, as in the backend (every message has a
// parent, each conversation an active leaf, and the message list is the path from the root to that
// leaf), with what tests arrange in it and read from it.

export const backend = {
  conversations: [],
  messages: {}, // conversation id -> every message of every branch, oldest first
  active: {}, // conversation id -> id of the active leaf
  generating: new Set(),
  streams: [], // every reply stream opened: { kind: 'send' | 'regenerate' | 'attach', conversationId, body, sse }
  requests: [], // "METHOD /path" of every call, in order
  bodies: [], // [path, JSON body] of every call that had one, in order
  // auth: true answers as a backend whose LM Studio requires an API token it does not have.
  health: { reachable: true, models: ['model-a'], storage: 'sqlite' },
  maxMessageChars: 100000,
  catalog: null, // GET /api/models/catalog; null: each health model, loaded, window unknown
  catalogHeld: null, // an array while catalog answers wait until releaseCatalogs()
  catalogFails: false, // true: the catalog answers 503, LM Studio not answering
  // POST /api/models/load and /unload: `refuse` (LM Studio's sentence: 409), `unsupported`
  // (501: a server without LM Studio's native API), `hold` (loads wait until finishLoads()),
  // `gone` (the backend's 503 sentence: LM Studio stopped answering mid-load), `refuseEject`
  // (LM Studio's sentence for an eject it declined: 409); `inFlight`: the models being loaded now
  // (a second load of one answers 409 already_loading).
  modelLoading: { refuse: null, unsupported: false, hold: false, held: [], gone: null, refuseEject: null, inFlight: new Set() },
  attachments: {}, // id -> description, as POST /api/attachments answered
  refuseUpload: null, // { status, detail }: the next uploads are refused so
  defaults: {}, // GET /api/settings
  presets: [],
  mcpServers: [], // GET /api/mcp/servers (backendTools.js's mcpServer makes one)
  approvals: new Set(), // "<conversation id>/<call id>" of each tool call a reply waits on
  decisions: [], // { conversationId, id, decision, remember } of each decision taken
  folders: [], // GET /api/folders, in order
  accounts: freshAccounts(), // backendAccounts.js
}

function freshAccounts() {
  // auth: 'off' | 'on'; users: {id, username, password, is_admin}; signedIn: the user or null;
  // refuseLogin: {status, detail} answered to every sign-in (429, …)
  return { auth: 'off', users: [], signedIn: null, tokens: [], refuseLogin: null }
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
  backend.catalogHeld = null
  backend.catalogFails = false
  backend.modelLoading = { refuse: null, unsupported: false, hold: false, held: [], gone: null, refuseEject: null, inFlight: new Set() }
  backend.attachments = {}
  backend.refuseUpload = null
  backend.defaults = {}
  backend.presets = []
  backend.mcpServers = []
  backend.approvals = new Set()
  backend.decisions = []
  backend.folders = []
  backend.accounts = freshAccounts()
}

const SETTINGS_KEYS = [
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
  'ttl_s',
  'mcp_servers',
]
export const settingsOf = (source) => Object.fromEntries(SETTINGS_KEYS.map((key) => [key, source[key] ?? null]))

let nextId = 1
export const newId = (prefix) => `${prefix}-${nextId++}`

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

export function newestLeafUnder(conversationId, messageId) {
  const all = backend.messages[conversationId]
  const below = new Set([messageId])
  for (const m of all) if (below.has(m.parent_id)) below.add(m.id)
  return [...all].reverse().find((m) => below.has(m.id)).id
}

export function summary(conversation) {
  return {
    folder_id: null,
    pinned: false,
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

/** Let every load the stand-in holds (modelLoading.hold) finish. */
export function finishLoads() {
  const held = backend.modelLoading.held
  backend.modelLoading.held = []
  held.forEach((finish) => finish())
}

/** Catalog answers wait (as LM Studio slow to list its models) until releaseCatalogs(). */
export function holdCatalogs() {
  backend.catalogHeld = []
}

/** Let the held catalog answers go, with the catalog as it is now; later ones answer at once. */
export function releaseCatalogs() {
  const held = backend.catalogHeld ?? []
  backend.catalogHeld = null
  backend.catalogFails = false
  held.forEach((answer) => answer())
}

export const findConversation = (id) => backend.conversations.find((c) => c.id === id)
export const findMessage = (conversationId, id) => backend.messages[conversationId]?.find((m) => m.id === id)

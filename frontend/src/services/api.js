// The app's one door to the backend: `api`, every request and answer of its REST API, and
// `replyTransport`, which sends, regenerates and attaches to replies (api/replyTransport.js).
// How HTTP is spoken is api/http.js's job; the reply stream's events are defined in api/events.js.
import { API_BASE_URL, ApiError, BACKEND_ADDRESS, request, requestJson, urlFor } from '../api/http'
import { conversationPath } from '../api/paths'
import { replyTransport } from '../api/replyTransport'

export { API_BASE_URL, ApiError, replyTransport }
export { everythingExportUrl, importHistory } from '../api/imports'
export { accountApi } from '../api/account'
export { onSignInNeeded } from '../api/http'

export const api = {
  /** Pinned first, then newest activity: a page (`limit`, after the `before` cursor), one folder's
   * (`folderId`), or the matches of `query`. */
  async getConversations({ query, limit, before, folderId, signal } = {}) {
    const params = new URLSearchParams()
    if (query) params.set('q', query)
    if (limit) params.set('limit', String(limit))
    if (before) params.set('before', before)
    if (folderId) params.set('folder_id', folderId)
    const search = params.toString()
    return requestJson(`/api/conversations${search ? `?${search}` : ''}`, { signal })
  },

  async getConversation(id, signal) {
    return requestJson(conversationPath(id), { signal })
  },

  async createConversation(title) {
    return requestJson('/api/conversations', { method: 'POST', body: title ? { title } : {} })
  },

  async deleteConversation(id) {
    return requestJson(conversationPath(id), { method: 'DELETE' })
  },

  async getMessages(id) {
    return requestJson(conversationPath(id, 'messages'))
  },

  async updateConversation(id, changes) {
    return requestJson(conversationPath(id), { method: 'PATCH', body: changes })
  },

  /** Delete a message and every message below it, on any branch. */
  async deleteBranch(id, messageId) {
    return requestJson(conversationPath(id, 'messages', messageId), { method: 'DELETE' })
  },

  /** Show the branch through a message (down to its newest leaf); answers the new active path. */
  async setActive(id, messageId) {
    return requestJson(conversationPath(id, 'active'), { method: 'PUT', body: { message_id: messageId } })
  },

  /** A new conversation holding a copy of the path up to a message. */
  async fork(id, messageId) {
    return requestJson(conversationPath(id, 'fork'), { method: 'POST', body: { message_id: messageId } })
  },

  /** Stop the conversation's reply; the backend keeps what it wrote. */
  async stopReply(id) {
    return requestJson(conversationPath(id, 'stop'), { method: 'POST' })
  },

  /** Allow or deny the tool call a reply waits on (its tool_approval event); `remember` makes
   * the decision that tool's rule from now on. 409 when nothing waits under that id. */
  async decideToolCall(id, callId, decision, remember = false) {
    const body = remember ? { decision, remember: true } : { decision }
    return requestJson(conversationPath(id, 'tool-calls', callId), { method: 'POST', body })
  },

  /** The MCP servers replies may call tools of: status, error, tools and their approvals. */
  async getMcpServers() {
    return requestJson('/api/mcp/servers')
  },

  /** Add a server: { name, command, args, env } (stdio) or { name, url, headers } (HTTP). */
  async addMcpServer(server) {
    return requestJson('/api/mcp/servers', { method: 'POST', body: server })
  },

  /** Switch a server on or off ({ enabled }), or set its tools' approvals ({ tools: { name: { approval } } }). */
  async updateMcpServer(id, changes) {
    return requestJson(`/api/mcp/servers/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes })
  },

  /** Remove a server added through the API (one from the file cannot be). */
  async deleteMcpServer(id) {
    return requestJson(`/api/mcp/servers/${encodeURIComponent(id)}`, { method: 'DELETE' })
  },

  /** Every model with its type, state, context length, quantization; `fresh` asks LM Studio again. */
  async getCatalog({ fresh = false, signal } = {}) {
    return requestJson(`/api/models/catalog${fresh ? '?fresh=true' : ''}`, { signal })
  },

  /** Load a model in LM Studio with `contextLength` tokens (null: LM Studio's default); answers
   * once it is loaded (minutes for a large one) with the window it really got:
   * { model, instance_id, context_length, load_time_s }. */
  async loadModel(model, contextLength = null) {
    return requestJson('/api/models/load', {
      method: 'POST',
      body: contextLength == null ? { model } : { model, context_length: contextLength },
    })
  },

  /** Eject one loaded instance of a model: { unloaded: [instance ids] }. */
  async unloadModel(instanceId) {
    return requestJson('/api/models/unload', { method: 'POST', body: { instance_id: instanceId } })
  },

  /** What new conversations start with (system prompt, model, sampling). */
  async getDefaults() {
    return requestJson('/api/settings')
  },

  async putDefaults(settings) {
    return requestJson('/api/settings', { method: 'PUT', body: settings })
  },

  /** Folders conversations are sorted into, in order: [{ id, name, position }]. */
  async getFolders() {
    return requestJson('/api/folders')
  },

  async createFolder(name) {
    return requestJson('/api/folders', { method: 'POST', body: { name } })
  },

  async updateFolder(id, changes) {
    return requestJson(`/api/folders/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes })
  },

  /** Delete a folder; its conversations stay, in no folder. */
  async deleteFolder(id) {
    await request(`/api/folders/${encodeURIComponent(id)}`, { method: 'DELETE' }) // 204: no body
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
   * or from a summary the model writes (that one has a reply running: attach to read it). */
  async continueConversation(id, startFrom) {
    return requestJson(conversationPath(id, 'continue'), { method: 'POST', body: { start_from: startFrom } })
  },

  async getHealth(signal) {
    return requestJson('/api/health', { signal })
  },

  /** Upload one file to attach to a message; its description (id, name, kind, size…). */
  async uploadAttachment(file, { signal } = {}) {
    const form = new FormData()
    form.append('file', file, file.name || 'pasted-image.png')
    return requestJson('/api/attachments', {
      method: 'POST',
      body: form,
      signal,
      unreachable: `Cannot reach the backend at ${BACKEND_ADDRESS} to upload ${file.name}.`,
    })
  },

  attachmentUrl(id) {
    return urlFor(`/api/attachments/${encodeURIComponent(id)}`)
  },

  exportUrl(id, format) {
    return urlFor(`${conversationPath(id, 'export')}?format=${format}`)
  },

  /**
   * Send a message and read its reply, with callbacks: onChunk(text) for each piece of the reply,
   * onComplete(data of `done`), onError(sentence, data; with the HTTP status when the message was
   * refused). `options`: { signal, onAccepted, onStart, onReasoning, parentId, attachments (ids),
   * model, temperature, max_tokens }. The page itself uses replyTransport.send.
   */
  async streamChat(conversationId, message, onChunk, onComplete, onError, options = {}) {
    const { signal, onAccepted, onStart, onReasoning, parentId, attachments, ...chosen } = options
    await replyTransport.send(
      { conversationId, message, parentId, attachments, options: chosen },
      { onAccepted, onStart, onReasoning, onDelta: onChunk, onDone: onComplete, onError },
      signal,
    )
  },
}

export default api

// The backend stand-in's tools: its MCP servers (/api/mcp/servers), the decision route for a tool
// call a reply waits on, and the helpers a test uses to play a reply's tool calls (backend.js's
// `reply` takes them). Calls are kept on the stream as the backend keeps them, as steps, so the
// stored reply (finish, stop) carries them.
import { http, HttpResponse } from 'msw'
import { backend, findConversation, newId } from './backendState'

const BASE = 'http://localhost:8000'

/** A server as GET /api/mcp/servers answers it; `fields` override (status, tools, source…). */
export function mcpServer(fields = {}) {
  const transport = fields.url ? 'http' : 'stdio'
  return {
    id: newId('mcp'),
    name: 'toolbox',
    transport,
    command: transport === 'stdio' ? 'uvx' : null,
    args: transport === 'stdio' ? [] : null,
    env_names: transport === 'stdio' ? [] : null,
    url: null,
    header_names: transport === 'http' ? [] : null,
    source: 'api',
    enabled: true,
    status: 'connected',
    error: null,
    tools: [],
    ...fields,
  }
}

/** A tool of a server, asking first unless `approval` says otherwise. */
export const mcpTool = (name, approval = 'ask') => ({
  name,
  model_name: name,
  description: `The ${name} tool.`,
  input_schema: { type: 'object' },
  approval,
})

/** The text written since the last step, closed as a text step (as the backend does at a call). */
function closeText(stream) {
  const text = stream.sent.slice(stream.textTaken ?? 0)
  stream.textTaken = stream.sent.length
  if (text) stream.steps.push({ type: 'text', text })
}

/** The steps a stored reply carries (null for one that called no tool), its calls waiting marked stopped. */
export function storedSteps(stream) {
  if (!stream?.steps?.length) return null
  closeText(stream)
  return stream.steps.map((step) => (step.type === 'tool_call' && step.status === 'waiting' ? { ...step, status: 'stopped' } : step))
}

export const toolReply = {
  /** The model calls a tool: `call` { id, name, server?, arguments (JSON text) }. */
  toolCall(stream, call) {
    stream.steps ??= []
    closeText(stream)
    const step = { type: 'tool_call', server: 'toolbox', arguments: '{}', status: 'running', result: null, duration_ms: null, ...call }
    stream.steps.push(step)
    stream.sse.send('tool_call', { id: step.id, name: step.name, server: step.server, arguments: step.arguments })
  },
  /** Its tool asks first: the reply waits until the decision route is called for it. */
  askApproval(stream, id) {
    backend.approvals.add(`${stream.conversationId}/${id}`)
    const step = stream.steps?.find((s) => s.id === id)
    if (step) step.status = 'waiting'
    stream.sse.send('tool_approval', { id })
  },
  /** The user decided in another tab: the decision route's event, as this stream receives it. */
  decidedElsewhere(stream, id, decision) {
    backend.approvals.delete(`${stream.conversationId}/${id}`)
    const step = stream.steps?.find((s) => s.id === id)
    if (step) step.status = decision === 'allow' ? 'running' : 'denied'
    stream.sse.send('tool_decided', { id, decision, remember: false })
  },
  /** What the model is told of the call; `status` is what the stored step will say. */
  toolResult(stream, id, result, { isError = false, durationMs = 12, status = isError ? 'error' : 'done' } = {}) {
    const step = stream.steps?.find((s) => s.id === id)
    if (step) Object.assign(step, { status, result, duration_ms: durationMs })
    stream.sse.send('tool_result', { id, result, is_error: isError, duration_ms: durationMs, outcome: status })
  },
}

export const toolHandlers = [
  http.get(`${BASE}/api/mcp/servers`, () => HttpResponse.json(backend.mcpServers)),
  http.post(`${BASE}/api/mcp/servers`, async ({ request }) => {
    const body = await request.json()
    if (backend.mcpServers.some((s) => s.name.toLowerCase() === body.name.toLowerCase())) {
      return HttpResponse.json({ detail: `An MCP server named '${body.name}' already exists.` }, { status: 409 })
    }
    const server = mcpServer({
      name: body.name,
      url: body.url ?? null,
      command: body.command ?? null,
      args: body.command ? (body.args ?? []) : null,
      env_names: body.command ? Object.keys(body.env ?? {}) : null,
      header_names: body.url ? Object.keys(body.headers ?? {}) : null,
      status: 'starting',
    })
    backend.mcpServers.push(server)
    return HttpResponse.json(server, { status: 201 })
  }),
  http.patch(`${BASE}/api/mcp/servers/:id`, async ({ params, request }) => {
    const server = backend.mcpServers.find((s) => s.id === params.id)
    if (!server) return HttpResponse.json({ detail: 'MCP server not found' }, { status: 404 })
    const { enabled, tools = {} } = await request.json()
    if (enabled !== undefined) Object.assign(server, { enabled, status: enabled ? 'connected' : 'disabled' })
    for (const [name, { approval }] of Object.entries(tools)) {
      const tool = server.tools.find((t) => t.name === name)
      if (!tool) return HttpResponse.json({ detail: `${server.name} has no tool named '${name}'.` }, { status: 422 })
      tool.approval = approval
    }
    return HttpResponse.json(server)
  }),
  http.delete(`${BASE}/api/mcp/servers/:id`, ({ params }) => {
    const server = backend.mcpServers.find((s) => s.id === params.id)
    if (!server) return HttpResponse.json({ detail: 'MCP server not found' }, { status: 404 })
    if (server.source === 'file') {
      return HttpResponse.json({ detail: `${server.name} comes from the MCP config file: remove it there, or switch it off.` }, { status: 409 })
    }
    backend.mcpServers = backend.mcpServers.filter((s) => s.id !== params.id)
    return HttpResponse.json({ status: 'deleted' })
  }),
  http.post(`${BASE}/api/conversations/:id/tool-calls/:callId`, async ({ params, request }) => {
    if (!findConversation(params.id)) return HttpResponse.json({ detail: 'Conversation not found' }, { status: 404 })
    const { decision, remember = false } = await request.json()
    const key = `${params.id}/${params.callId}`
    if (!backend.approvals.has(key)) {
      return HttpResponse.json(
        { detail: 'No tool call waits for a decision under this id in this conversation: it was decided already, or its reply has ended.' },
        { status: 409 },
      )
    }
    backend.approvals.delete(key)
    backend.decisions.push({ conversationId: params.id, id: params.callId, decision, remember })
    // As the backend does: the reply's readers (and its replays) learn the choice was made.
    const stream = [...backend.streams].reverse().find((s) => s.conversationId === params.id)
    stream?.sse.send('tool_decided', { id: params.callId, decision, remember })
    return HttpResponse.json({ id: params.callId, decision, remember })
  }),
]

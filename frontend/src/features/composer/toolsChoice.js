// Which MCP servers a conversation's replies may use, as its `mcp_servers` setting says: null,
// every enabled server (the ones switched on later too); [], none; else those ids.

/** The enabled servers that are on for this conversation. */
export function serversOn(enabled, choice) {
  return choice == null ? enabled : enabled.filter((server) => choice.includes(server.id))
}

/** The setting after switching `id` on or off, from what is on now: a list of ids. */
export function toggled(enabled, choice, id) {
  const on = serversOn(enabled, choice).map((server) => server.id)
  return on.includes(id) ? on.filter((known) => known !== id) : [...on, id]
}

/**
 * What the tools of these servers add to a request, in characters: their definitions as the
 * backend sends them (OpenAI's function format, as JSON), from the servers that are connected.
 */
export function toolDefinitionsChars(servers) {
  const definitions = servers
    .filter((server) => server.status === 'connected')
    .flatMap((server) => server.tools ?? [])
    .map((tool) => ({ type: 'function', function: { name: tool.model_name ?? tool.name, description: tool.description, parameters: tool.input_schema } }))
  return definitions.length ? JSON.stringify(definitions).length : 0
}

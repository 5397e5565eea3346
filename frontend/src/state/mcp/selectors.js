// What the page reads of the MCP servers.

/** The servers a conversation can choose from: the ones switched on. */
export const enabledServers = (servers) => (servers ?? []).filter((server) => server.enabled)

/** useChat()'s names: every server (null until known). */
export const mcpView = (state) => ({ mcpServers: state.mcp.servers })

// The MCP servers whose tools replies may call: as GET /api/mcp/servers last answered (status,
// error, tools and their approvals). Shared by the composer's tools switch and the servers panel.
import { transitions } from '../transitions'

export const initialMcpState = {
  servers: null, // null until the backend answered
}

const replaced = (servers, server) => servers.map((known) => (known.id === server.id ? server : known))

export const mcpReducer = transitions({
  'mcp/loaded': (state, action) => ({ ...state, servers: action.servers }),
  'mcp/added': (state, action) => ({ ...state, servers: [...(state.servers ?? []), action.server] }),
  'mcp/changed': (state, action) => ({ ...state, servers: replaced(state.servers ?? [], action.server) }),
  'mcp/removed': (state, action) => ({ ...state, servers: (state.servers ?? []).filter((server) => server.id !== action.id) }),
})

// The MCP servers: read once as the page opens, and again while the servers panel shows one
// still starting; added, switched on or off, given approvals, removed (only an administrator's
// page can, and the backend says so when it refuses).
import { api } from '../../services/api'

export function createMcpActions({ dispatch }) {
  /** Read the servers again; null, or the sentence saying why not. */
  const loadMcpServers = async () => {
    try {
      dispatch({ type: 'mcp/loaded', servers: await api.getMcpServers() })
      return null
    } catch (error) {
      return error.message
    }
  }

  /** Add a server (it starts connecting at once); the server, or { error } with the sentence. */
  const addMcpServer = async (server) => {
    try {
      const added = await api.addMcpServer(server)
      dispatch({ type: 'mcp/added', server: added })
      return added
    } catch (error) {
      return { error: error.message }
    }
  }

  /** Switch a server on or off, or set its tools' approvals; null, or the sentence saying why not. */
  const updateMcpServer = async (id, changes) => {
    try {
      dispatch({ type: 'mcp/changed', server: await api.updateMcpServer(id, changes) })
      return null
    } catch (error) {
      return error.message
    }
  }

  /** Remove a server added through the API; null, or the sentence saying why not. */
  const deleteMcpServer = async (id) => {
    try {
      await api.deleteMcpServer(id)
    } catch (error) {
      if (error.status !== 404) return error.message
    }
    dispatch({ type: 'mcp/removed', id })
    return null
  }

  return {
    actions: { loadMcpServers, addMcpServer, updateMcpServer, deleteMcpServer },
    internal: {},
    start: () => {
      loadMcpServers()
    },
  }
}

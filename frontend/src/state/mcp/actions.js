// The MCP servers: read as the page opens (and as the servers panel opens), and again every
// second while one is starting, so the Tools switch, the context meter and the panel see it
// connect; added, switched on or off, given approvals, removed (only an administrator's page
// can, and the backend says so when it refuses).
import { api } from '../../services/api'

// How often the servers are asked again while one is starting (a stdio server that installs its
// package first can take many seconds).
export const STARTING_REFRESH_MS = 1000

const isStarting = (server) => server.status === 'starting'

export function createMcpActions({ dispatch }) {
  let followUp = null

  /** Read the servers again in a moment when one of these is starting (one timer at a time). */
  const followStarting = (servers) => {
    clearTimeout(followUp)
    followUp = servers.some(isStarting) ? setTimeout(loadMcpServers, STARTING_REFRESH_MS) : null
  }

  /** Read the servers again; null, or the sentence saying why not. */
  const loadMcpServers = async () => {
    try {
      const servers = await api.getMcpServers()
      dispatch({ type: 'mcp/loaded', servers })
      followStarting(servers)
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
      followStarting([added])
      return added
    } catch (error) {
      return { error: error.message }
    }
  }

  /** Switch a server on or off, or set its tools' approvals; null, or the sentence saying why not. */
  const updateMcpServer = async (id, changes) => {
    try {
      const server = await api.updateMcpServer(id, changes)
      dispatch({ type: 'mcp/changed', server })
      followStarting([server])
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

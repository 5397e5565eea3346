import { useEffect, useRef } from 'react'
import AddServerForm from './AddServerForm'
import ServerRow from './ServerRow'

/**
 * The MCP servers whose tools replies may call: each with its status and tools (ServerRow), and
 * a form to add one. Changes are saved as they are made. `mcp`: { servers (null until read),
 * onRefresh, onAdd, onUpdate(id, changes), onDelete(id) }, the chat's MCP actions.
 */
const McpServersPanel = ({ mcp }) => {
  // Read again as it opens (a server may have failed since); while one starts, the chat's MCP
  // actions keep reading them (state/mcp/actions.js).
  const { onRefresh } = mcp
  useEffect(() => {
    onRefresh()
  }, [onRefresh])
  const servers = mcp.servers ?? []
  // A deleted server's row goes with the button that had the focus: the focus comes here, inside
  // the dialog, rather than falling to the page behind it.
  const introRef = useRef(null)
  const deleted = async (id) => {
    const problem = await mcp.onDelete(id)
    if (!problem) introRef.current?.focus()
    return problem
  }
  return (
    <div className="space-y-4">
      <p ref={introRef} tabIndex={-1} className="text-sm text-gray-400 focus:outline-none">
        Tools from these servers are offered to the model; each tool asks before it runs unless you say otherwise. A conversation
        chooses which servers it uses with the Tools button under the message box.
      </p>
      {mcp.servers === null ? (
        <p className="text-sm text-gray-300">Reading the servers…</p>
      ) : servers.length === 0 ? (
        <p className="text-sm text-gray-300">No MCP servers yet. Add one below, or name them in the file CHAT_MCP_CONFIG points to.</p>
      ) : (
        <ul aria-label="MCP servers">
          {servers.map((server) => (
            <ServerRow
              key={server.id}
              server={server}
              onUpdate={(changes) => mcp.onUpdate(server.id, changes)}
              onDelete={() => deleted(server.id)}
            />
          ))}
        </ul>
      )}
      <AddServerForm onAdd={mcp.onAdd} />
    </div>
  )
}

export default McpServersPanel

import { useEffect, useRef } from 'react'
import { useAccount } from '../account/AccountContext'
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
  // Servers are shared and may run commands on the backend's machine: with accounts on, only an
  // administrator changes them (the backend answers anyone else 403).
  const mayChange = useAccount().isAdmin
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
      {mayChange ? (
        <AddServerForm onAdd={mcp.onAdd} />
      ) : (
        <p className="text-sm text-gray-300">These servers are shared by everyone here; only an administrator adds or changes them.</p>
      )}
    </div>
  )
}

export default McpServersPanel

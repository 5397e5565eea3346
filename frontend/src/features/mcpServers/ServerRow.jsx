import { useEffect, useRef, useState } from 'react'
import { DANGER_BUTTON } from '../settings/buttons'

const STATUS = {
  connected: { label: 'Connected', className: 'rounded-full bg-emerald-500/15 px-2 py-0.5 text-xs text-emerald-200' },
  starting: { label: 'Starting…', className: 'rounded-full bg-sky-500/15 px-2 py-0.5 text-xs text-sky-200' },
  failed: { label: 'Failed', className: 'rounded-full bg-red-500/15 px-2 py-0.5 text-xs text-red-200' },
  disabled: { label: 'Off', className: 'rounded-full bg-gray-500/20 px-2 py-0.5 text-xs text-gray-200' },
}

const APPROVALS = [
  ['ask', 'Ask each time'],
  ['always', 'Always allow'],
  ['never', 'Never allow'],
]

const SELECT_CLASS =
  'rounded-lg border border-dark-lighter bg-dark px-2 py-1 text-xs text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary disabled:opacity-50'
const SWITCH_CLASS =
  'group relative inline-flex h-6 w-11 shrink-0 items-center rounded-full bg-dark-lighter transition-colors aria-checked:bg-primary focus:outline-none focus-visible:ring-2 focus-visible:ring-primary focus-visible:ring-offset-2 focus-visible:ring-offset-dark-light'
const KNOB_CLASS = 'inline-block h-4 w-4 translate-x-1 rounded-full bg-white transition-transform group-aria-checked:translate-x-6'
const SMALL_BUTTON =
  'rounded-lg border border-dark-lighter px-3 py-1 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const DELETE_BUTTON =
  'mt-2 rounded-lg border border-dark-lighter px-3 py-1 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'

/** What starts or reaches the server: its command line, or its URL, and the names (never the
 * values) of what it is given. */
function whereFrom(server) {
  if (server.transport === 'http') {
    const headers = server.header_names?.length ? ` · headers ${server.header_names.join(', ')}` : ''
    return `${server.url ?? ''}${headers}`
  }
  const env = server.env_names?.length ? ` · env ${server.env_names.join(', ')}` : ''
  return `${[server.command, ...(server.args ?? [])].join(' ')}${env}`
}

/**
 * One MCP server: its name, status (with why it failed), how it is started or reached, a switch
 * to use it or not, each tool with its approval, and, for a server added here, Delete (asked
 * first). A server from the config file says so: it is removed there. `onUpdate(changes)` and
 * `onDelete()` answer null or the sentence saying why not, shown in the row.
 */
const ServerRow = ({ server, onUpdate, onDelete }) => {
  const [problem, setProblem] = useState(null)
  const [confirming, setConfirming] = useState(false)
  // Delete… and its question take each other's place: the focus goes with them (to Cancel, the
  // harmless choice, then back to Delete…), not to the page behind the dialog.
  const cancelRef = useRef(null)
  const askDeleteRef = useRef(null)
  const askedRef = useRef(false)
  useEffect(() => {
    if (confirming) cancelRef.current?.focus()
    else if (askedRef.current) askDeleteRef.current?.focus()
    askedRef.current = askedRef.current || confirming
  }, [confirming])
  const status = STATUS[server.status] ?? STATUS.disabled
  const run = async (change) => setProblem(await change())
  const canSetApprovals = server.status === 'connected'

  return (
    <li aria-label={server.name} className="border-b border-dark-lighter py-3 last:border-b-0">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2">
            <span className="break-all text-sm font-medium text-gray-100">{server.name}</span>
            <span className={status.className}>{status.label}</span>
          </p>
          <p className="break-all font-mono text-xs text-gray-400">{whereFrom(server)}</p>
          {server.source === 'file' && <p className="text-xs text-gray-400">From the MCP config file (CHAT_MCP_CONFIG): change or remove it there.</p>}
          {server.status === 'failed' && server.error && <p className="text-xs text-red-300">{server.error}</p>}
          {/* Switched on and failed: one click tries again (the switch would take two, off then on). */}
          {server.status === 'failed' && server.enabled && (
            <p className="mt-1">
              <button type="button" onClick={() => run(() => onUpdate({ enabled: true }))} className={SMALL_BUTTON}>
                Try again
              </button>
            </p>
          )}
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={server.enabled}
          aria-label={`Use ${server.name}`}
          onClick={() => run(() => onUpdate({ enabled: !server.enabled }))}
          className={SWITCH_CLASS}
        >
          <span className={KNOB_CLASS} />
        </button>
      </div>
      {server.tools.length > 0 && (
        <ul aria-label={`Tools of ${server.name}`} className="mt-2 space-y-1.5">
          {server.tools.map((tool) => (
            <li key={tool.name} className="flex flex-wrap items-center justify-between gap-2">
              <span className="min-w-0">
                <span className="break-all font-mono text-xs text-gray-100">{tool.name}</span>
                {tool.description && <span className="block text-xs text-gray-400">{tool.description}</span>}
              </span>
              <select
                aria-label={`Approval for ${tool.name}`}
                value={tool.approval}
                disabled={!canSetApprovals}
                onChange={(event) => run(() => onUpdate({ tools: { [tool.name]: { approval: event.target.value } } }))}
                className={SELECT_CLASS}
              >
                {APPROVALS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
      {server.source !== 'file' &&
        (confirming ? (
          <div role="group" aria-label={`Delete ${server.name}?`} className="mt-2 flex flex-wrap items-center gap-2 text-sm text-gray-200">
            <span>Delete {server.name}? It stops, and its approvals go.</span>
            <button type="button" onClick={() => run(onDelete)} className={DANGER_BUTTON}>
              Delete
            </button>
            <button ref={cancelRef} type="button" onClick={() => setConfirming(false)} className={SMALL_BUTTON}>
              Cancel
            </button>
          </div>
        ) : (
          <button
            ref={askDeleteRef}
            type="button"
            onClick={() => setConfirming(true)}
            className={DELETE_BUTTON}
            aria-label={`Delete ${server.name}`}
          >
            Delete…
          </button>
        ))}
      <div role="alert" className="text-xs text-red-300">
        {problem}
      </div>
    </li>
  )
}

export default ServerRow

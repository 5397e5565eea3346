import { useEffect, useId, useRef, useState } from 'react'
import { ToolIcon } from '../../ui/icons'
import { serversOn, toggled } from './toolsChoice'

const BUTTON_CLASS =
  'flex items-center gap-1.5 rounded-lg border border-dark-lighter px-2 py-1 text-xs text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const CHOICE_BUTTON =
  'rounded-md border border-dark-lighter px-2 py-1 text-xs text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary aria-pressed:bg-dark-lighter aria-pressed:text-white'

/**
 * Under the message box: which MCP servers this conversation's replies may call tools of, and how
 * many are on. It opens a small panel of the enabled servers (`servers`), each a checkbox, with
 * "All servers" (null: every enabled one, those switched on later too) and "No tools" ([]).
 * `choice` is the conversation's `mcp_servers`; `onChange(next)` saves it. Escape or a click
 * elsewhere closes the panel. `notTrained`: the model's catalog entry says it was not trained for
 * tool use, which is said beside it while tools are on.
 */
const ToolsSwitch = ({ servers, choice, onChange, notTrained = false }) => {
  const [isOpen, setOpen] = useState(false)
  const buttonRef = useRef(null)
  const panelRef = useRef(null)
  const panelId = useId()
  const on = serversOn(servers, choice)

  useEffect(() => {
    if (!isOpen) return undefined
    panelRef.current?.querySelector('input, button')?.focus()
    const onPointerDown = (event) => {
      if (!panelRef.current?.contains(event.target) && !buttonRef.current?.contains(event.target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [isOpen])

  const onKeyDown = (event) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    event.stopPropagation() // Escape here closes the panel, not the reply
    setOpen(false)
    buttonRef.current?.focus()
  }

  const summary = on.length === 0 ? 'off' : `${on.length} of ${servers.length}`
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative" onKeyDown={onKeyDown}>
        <button
          ref={buttonRef}
          type="button"
          aria-expanded={isOpen}
          aria-controls={isOpen ? panelId : undefined}
          aria-label={`Tools: ${on.length} of ${servers.length} servers on`}
          onClick={() => setOpen((open) => !open)}
          className={BUTTON_CLASS}
        >
          <ToolIcon className="h-3.5 w-3.5" />
          <span aria-hidden="true">Tools: {summary}</span>
        </button>
        {isOpen && (
          <div
            ref={panelRef}
            id={panelId}
            role="group"
            aria-label="Tool servers for this conversation"
            className="absolute bottom-full left-0 z-30 mb-1 w-64 max-w-[calc(100vw-2rem)] rounded-lg border border-dark-lighter bg-dark-light p-3 shadow-xl"
          >
            <ul className="space-y-1.5">
              {servers.map((server) => (
                <li key={server.id}>
                  <label className="flex items-center gap-2 text-sm text-gray-100">
                    <input type="checkbox" checked={on.includes(server)} onChange={() => onChange(toggled(servers, choice, server.id))} />
                    <span className="min-w-0 break-all">{server.name}</span>{' '}
                    <span className="ml-auto shrink-0 text-xs text-gray-400">
                      {server.status === 'connected' ? `${server.tools.length} tools` : server.status}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            <div className="mt-2 flex gap-2">
              <button type="button" aria-pressed={choice == null} onClick={() => onChange(null)} className={CHOICE_BUTTON}>
                All servers
              </button>
              <button type="button" aria-pressed={on.length === 0} onClick={() => onChange([])} className={CHOICE_BUTTON}>
                No tools
              </button>
            </div>
          </div>
        )}
      </div>
      {notTrained && on.length > 0 && (
        <p className="text-xs text-amber-200">This model was not trained for tool use; it may not call tools well.</p>
      )}
    </div>
  )
}

export default ToolsSwitch

import { useState } from 'react'
import { INPUT_CLASS } from '../settings/SettingsFields'
import Outcome from '../settings/Outcome'
import { PRIMARY_BUTTON } from '../settings/buttons'
import { failed, succeeded } from '../settings/settingsForm'
import { EMPTY_SERVER_FORM, serverFromForm } from './serverForm'

const LABEL_CLASS = 'mb-1 block text-sm text-gray-300'
const TEXTAREA_CLASS =
  'w-full rounded-lg border border-dark-lighter bg-dark px-3 py-2 font-mono text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary'

const KINDS = [
  ['stdio', 'A command on this machine'],
  ['http', 'A URL (Streamable HTTP)'],
]

/**
 * Add an MCP server: a command the backend runs (its arguments, its environment as KEY=VALUE
 * lines) or a URL (its headers). Values of the environment and headers are sent once and never
 * shown again: the backend answers only their names. `onAdd(server)` answers the server or { error }.
 */
const AddServerForm = ({ onAdd }) => {
  const [form, setForm] = useState(EMPTY_SERVER_FORM)
  const [message, setMessage] = useState(null)
  const change = (changes) => setForm((current) => ({ ...current, ...changes }))
  const field = (name) => ({ id: `mcp-${name}`, value: form[name], onChange: (event) => change({ [name]: event.target.value }) })

  const add = async (event) => {
    event.preventDefault()
    const built = serverFromForm(form)
    if (built.error) {
      setMessage(failed(built.error))
      return
    }
    const added = await onAdd(built.server)
    if (added.error) {
      setMessage(failed(added.error))
      return
    }
    setForm(EMPTY_SERVER_FORM) // the values typed go: they are the backend's secret now
    setMessage(succeeded(`Added “${added.name}”; it is starting.`))
  }

  return (
    <form onSubmit={add} aria-label="Add an MCP server" className="space-y-3 rounded-xl border border-dark-lighter p-3">
      <h3 className="text-sm font-semibold text-gray-100">Add a server</h3>
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
        <legend className="sr-only">How the backend reaches it</legend>
        {KINDS.map(([kind, label]) => (
          <label key={kind} className="flex items-center gap-2 text-sm text-gray-200">
            <input type="radio" name="mcp-kind" value={kind} checked={form.kind === kind} onChange={() => change({ kind })} />
            {label}
          </label>
        ))}
      </fieldset>
      <div>
        <label htmlFor="mcp-name" className={LABEL_CLASS}>
          Name
        </label>
        <input {...field('name')} maxLength={64} className={INPUT_CLASS} />
      </div>
      {form.kind === 'stdio' ? (
        <>
          <div>
            <label htmlFor="mcp-command" className={LABEL_CLASS}>
              Command
            </label>
            <input {...field('command')} placeholder="uvx" className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="mcp-args" className={LABEL_CLASS}>
              Arguments (one per line)
            </label>
            <textarea {...field('args')} rows={2} placeholder="mcp-server-time" className={TEXTAREA_CLASS} />
          </div>
          <div>
            <label htmlFor="mcp-env" className={LABEL_CLASS}>
              Environment (KEY=VALUE, one per line; values are never shown again)
            </label>
            <textarea {...field('env')} rows={2} placeholder="TZ=Europe/Paris" autoComplete="off" spellCheck={false} className={TEXTAREA_CLASS} />
          </div>
        </>
      ) : (
        <>
          <div>
            <label htmlFor="mcp-url" className={LABEL_CLASS}>
              URL
            </label>
            <input {...field('url')} type="url" placeholder="https://tools.example/mcp" className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="mcp-headers" className={LABEL_CLASS}>
              Headers (Name: value, one per line; values are never shown again)
            </label>
            <textarea {...field('headers')} rows={2} placeholder="Authorization: Bearer …" autoComplete="off" spellCheck={false} className={TEXTAREA_CLASS} />
          </div>
        </>
      )}
      <p className="text-xs text-gray-400">
        A command runs on the backend’s machine with the backend’s rights: add only servers you trust.
      </p>
      <div className="flex items-center justify-end gap-3">
        <Outcome message={message} />
        <button type="submit" className={PRIMARY_BUTTON}>
          Add server
        </button>
      </div>
    </form>
  )
}

export default AddServerForm

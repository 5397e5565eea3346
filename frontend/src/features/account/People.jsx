import { useEffect, useState } from 'react'
import { accountApi } from '../../services/api'
import Outcome from '../settings/Outcome'
import { INPUT_CLASS as INPUT } from '../settings/SettingsFields'
import { DANGER_BUTTON, PRIMARY_BUTTON } from '../settings/buttons'
import { failed, succeeded } from '../settings/settingsForm'
import { HEADING, LABEL, NOTE, SMALL_BUTTON } from './fields'

/** For administrators: the accounts, adding one, removing one (with everything it owns). */
const People = ({ me }) => {
  const [users, setUsers] = useState(null)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [isAdmin, setAdmin] = useState(false)
  const [removing, setRemoving] = useState(null)
  const [message, setMessage] = useState(null) // settingsForm's succeeded / failed

  useEffect(() => {
    accountApi.users().then(setUsers, (failure) => setMessage(failed(failure.message)))
  }, [])

  const add = async (event) => {
    event.preventDefault()
    setMessage(null)
    try {
      const user = await accountApi.addUser(name.trim(), password, isAdmin)
      setUsers((list) => [...(list || []), user])
      setName('')
      setPassword('')
      setAdmin(false)
      setMessage(succeeded(`Added ${user.username}. They can sign in now.`))
    } catch (failure) {
      setMessage(failed(failure.message))
    }
  }

  const remove = async (user) => {
    setMessage(null)
    try {
      await accountApi.removeUser(user.id)
      setUsers((list) => list.filter((other) => other.id !== user.id))
      setMessage(succeeded(`Removed ${user.username} and their conversations.`))
    } catch (failure) {
      setMessage(failed(failure.message))
    } finally {
      setRemoving(null)
    }
  }

  return (
    <section aria-labelledby="people-title" className="space-y-3">
      <h3 id="people-title" className={HEADING}>
        People
      </h3>
      <p className={NOTE}>Each person sees only their own conversations, folders, presets and files. MCP servers are shared; administrators manage them.</p>
      {users && (
        <ul className="divide-y divide-dark-lighter rounded-lg border border-dark-lighter">
          {users.map((user) => (
            <li key={user.id} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
              <span className="min-w-0 flex-1 truncate text-gray-100">
                {user.username}
                {user.is_admin && <span className="ml-2 text-xs text-gray-300">administrator</span>}
              </span>
              {user.username === me ? (
                <span className="text-xs text-gray-300">you</span>
              ) : removing === user.id ? (
                <span className="flex flex-wrap items-center gap-2">
                  <span className="text-xs text-gray-200">Their conversations are deleted too.</span>
                  <button type="button" onClick={() => remove(user)} className={DANGER_BUTTON}>
                    Remove {user.username}
                  </button>
                  <button type="button" onClick={() => setRemoving(null)} className={SMALL_BUTTON}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setRemoving(user.id)} className={SMALL_BUTTON} aria-label={`Remove ${user.username}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} aria-label="Add a person" className="space-y-2">
        <div className="grid gap-2 sm:grid-cols-2">
          <label className={LABEL}>
            Name
            <input className={INPUT} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className={LABEL}>
            Password (at least 8 characters)
            <input type="password" autoComplete="new-password" className={INPUT} value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
        </div>
        <label className="flex items-center gap-2 text-sm text-gray-200">
          <input type="checkbox" checked={isAdmin} onChange={(e) => setAdmin(e.target.checked)} />
          Administrator (may add people and MCP servers)
        </label>
        <button type="submit" className={PRIMARY_BUTTON} disabled={!name.trim() || !password}>
          Add person
        </button>
      </form>
      <Outcome message={message} />
    </section>
  )
}

export default People

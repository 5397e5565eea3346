import { useEffect, useState } from 'react'
import { accountApi } from '../../services/api'
import { DANGER_BUTTON, PRIMARY_BUTTON } from '../settings/buttons'
import { INPUT_CLASS as INPUT } from '../settings/SettingsFields'
import { HEADING, LABEL, NOTE, SMALL_BUTTON } from './fields'

const when = (moment) => (moment ? new Date(moment).toLocaleString() : 'never')

/** Bearer tokens for scripts and curl: made with a name, shown once, revoked after a confirmation. */
const AccessTokens = () => {
  const [tokens, setTokens] = useState(null)
  const [name, setName] = useState('')
  const [made, setMade] = useState(null) // the new token, shown once
  const [copied, setCopied] = useState(false)
  const [revoking, setRevoking] = useState(null)
  const [error, setError] = useState(null)

  useEffect(() => {
    accountApi.tokens().then(setTokens, (failure) => setError(failure.message))
  }, [])

  const create = async (event) => {
    event.preventDefault()
    setError(null)
    try {
      const token = await accountApi.createToken(name.trim())
      setMade(token)
      setCopied(false)
      setName('')
      setTokens((list) => [...(list || []), token])
    } catch (failure) {
      setError(failure.message)
    }
  }

  const revoke = async (token) => {
    setError(null)
    try {
      await accountApi.revokeToken(token.id)
      setTokens((list) => list.filter((other) => other.id !== token.id))
      if (made?.id === token.id) setMade(null)
    } catch (failure) {
      setError(failure.message)
    } finally {
      setRevoking(null)
    }
  }

  const copy = async () => {
    await navigator.clipboard?.writeText(made.token)
    setCopied(true)
  }

  return (
    <section aria-labelledby="tokens-title" className="space-y-3">
      <h3 id="tokens-title" className={HEADING}>
        Access tokens
      </h3>
      <p className={NOTE}>
        For scripts and curl: send one as <code className="text-gray-100">Authorization: Bearer …</code>. A token can do what you can.
      </p>
      {made && (
        <div role="status" className="space-y-2 rounded-lg border border-primary/60 bg-dark p-3">
          <p className="text-sm text-gray-100">Copy “{made.name}” now: it will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 break-all rounded bg-dark-light px-2 py-1 text-xs text-gray-100">{made.token}</code>
            <button type="button" onClick={copy} className={SMALL_BUTTON}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      )}
      {tokens?.length === 0 && <p className={NOTE}>No tokens yet.</p>}
      {tokens?.length > 0 && (
        <ul className="divide-y divide-dark-lighter rounded-lg border border-dark-lighter">
          {tokens.map((token) => (
            <li key={token.id} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
              <span className="min-w-0 flex-1 truncate text-gray-100">{token.name}</span>
              <span className="text-xs text-gray-300">last used {when(token.last_used_at)}</span>
              {revoking === token.id ? (
                <span className="flex gap-2">
                  <button type="button" onClick={() => revoke(token)} className={DANGER_BUTTON}>
                    Revoke “{token.name}”
                  </button>
                  <button type="button" onClick={() => setRevoking(null)} className={SMALL_BUTTON}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setRevoking(token.id)} className={SMALL_BUTTON} aria-label={`Revoke ${token.name}`}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <label className={LABEL}>
          New token’s name
          <input className={INPUT} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="e.g. laptop script" />
        </label>
        <button type="submit" className={PRIMARY_BUTTON} disabled={!name.trim()}>
          Create token
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      )}
    </section>
  )
}

export default AccessTokens

import { useState } from 'react'
import { SpinnerIcon } from '../../ui/icons'
import { PRIMARY_BUTTON } from '../settings/buttons'

const FIELD =
  'mt-1 w-full rounded-lg border border-dark-lighter bg-dark px-3 py-2 text-gray-100 placeholder-gray-500 focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary'

/**
 * Signing in, in the app's style. What went wrong is the backend's sentence, which never says
 * whether the name exists. `sessionEnded`: the page was in use when the session ended.
 */
const SignInPage = ({ onSignIn, sessionEnded = false }) => {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event) => {
    event.preventDefault()
    if (!username.trim() || !password) {
      setError('Enter your name and your password.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      await onSignIn(username.trim(), password)
    } catch (failure) {
      setError(failure.message)
      setPassword('')
      setBusy(false)
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-dark via-dark to-dark-light px-4 py-8 text-gray-100">
      <form
        onSubmit={submit}
        aria-labelledby="sign-in-title"
        noValidate
        className="w-full max-w-sm rounded-2xl border border-dark-lighter bg-dark-light p-6 shadow-2xl"
      >
        <h1 id="sign-in-title" className="bg-gradient-to-r from-primary to-secondary bg-clip-text text-3xl font-bold text-transparent">
          Chat AI
        </h1>
        <p className="mt-1 text-sm text-gray-300">Sign in to your conversations.</p>
        {sessionEnded && (
          <p className="mt-4 rounded-lg border border-dark-lighter bg-dark px-3 py-2 text-sm text-gray-200">
            Your session has ended. Sign in again; what you were typing is kept.
          </p>
        )}
        <label className="mt-5 block text-sm font-medium text-gray-200">
          Name
          <input
            className={FIELD}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck="false"
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="mt-4 block text-sm font-medium text-gray-200">
          Password
          <input
            className={FIELD}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="mt-4 text-sm text-red-300">
            {error}
          </p>
        )}
        <div className="mt-6 grid">
          <button type="submit" disabled={busy} className={PRIMARY_BUTTON} aria-busy={busy}>
            <span className="flex items-center justify-center gap-2">
              {busy && <SpinnerIcon className="h-4 w-4 animate-spin" />}
              {busy ? 'Signing in…' : 'Sign in'}
            </span>
          </button>
        </div>
      </form>
    </main>
  )
}

export default SignInPage

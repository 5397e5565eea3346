import { Fragment, useCallback, useEffect, useMemo, useState } from 'react'
import { accountApi, onSignInNeeded } from '../../services/api'
import { AccountContext, NO_ACCOUNTS } from './AccountContext'
import SignInPage from './SignInPage'

// Whether this backend had accounts on when the page last asked: then the page waits for the
// answer instead of showing the app first (whose first requests would only answer 401).
const REMEMBERED = 'client-chat:accounts'

function remembered() {
  try {
    return window.localStorage.getItem(REMEMBERED)
  } catch {
    return null
  }
}

function remember(auth) {
  try {
    window.localStorage.setItem(REMEMBERED, auth)
  } catch {
    // storage disabled: the page asks each time, showing the app meanwhile
  }
}

/**
 * The page behind a sign-in when the backend has accounts on (CHAT_AUTH): it asks who is signed
 * in once (showing the app meanwhile), shows the sign-in page when no one is, and the app when
 * someone is or accounts are off. A backend that cannot be reached gets the app too, whose notice says so (an offline start
 * shows the shell); if it answers 401 later, the sign-in page comes. Any 401 during use (a session
 * ended elsewhere, a new password, an account removed) brings the sign-in page back; drafts are
 * kept in the browser, and the app starts afresh for whoever signs in.
 */
const AccountGate = ({ children }) => {
  const [state, setState] = useState(() => ({ phase: remembered() === 'on' ? 'waiting' : 'checking' }))
  const [signIns, setSignIns] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    accountApi
      .me(controller.signal)
      .then((me) => {
        remember(me.auth)
        setState(me.auth === 'on' ? { phase: 'signed-in', username: me.username, isAdmin: me.is_admin } : { phase: 'open' })
      })
      .catch((error) => {
        if (error.name === 'AbortError') return
        if (error.status === 401) remember('on')
        setState(error.status === 401 ? { phase: 'signed-out' } : { phase: 'open' })
      })
    return () => controller.abort()
  }, [])

  useEffect(
    () =>
      onSignInNeeded(() =>
        setState((current) => (current.phase === 'signed-out' ? current : { phase: 'signed-out', ended: current.phase === 'signed-in' })),
      ),
    [],
  )

  const signIn = useCallback(async (username, password) => {
    const user = await accountApi.signIn(username, password)
    setSignIns((count) => count + 1)
    setState({ phase: 'signed-in', username: user.username, isAdmin: user.is_admin })
  }, [])

  const signOut = useCallback(async () => {
    try {
      await accountApi.signOut()
    } finally {
      setState({ phase: 'signed-out' })
    }
  }, [])

  const account = useMemo(
    () => (state.phase === 'signed-in' ? { auth: 'on', username: state.username, isAdmin: state.isAdmin, signOut } : NO_ACCOUNTS),
    [state, signOut],
  )

  // While the first answer is awaited, the app shows as with accounts off (most backends): no
  // blank page first; with accounts on, its first requests answer 401 and the sign-in comes.
  // A backend known to have accounts on gets the page's background until it answers.
  if (state.phase === 'waiting') return <div className="h-screen bg-dark" aria-busy="true" />
  if (state.phase === 'signed-out') return <SignInPage onSignIn={signIn} sessionEnded={state.ended} />
  return (
    <AccountContext.Provider value={account}>
      <Fragment key={signIns}>{children}</Fragment>
    </AccountContext.Provider>
  )
}

export default AccountGate

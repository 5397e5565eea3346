// The backend stand-in's accounts (/api/auth/…), as backend/api/auth.py, tokens.py and users.py
// answer. Accounts are off unless a test turns them on (`backend.accounts.auth = 'on'`); then
// every other route answers 401 until someone signs in, as the real backend does.
import { http, HttpResponse } from 'msw'
import { backend, newId } from './backendState'

const BASE = 'http://localhost:8000'
const OPEN = new Set(['/', '/api/health', '/api/auth/login'])
export const SIGN_IN_FIRST = 'Sign in first.'
export const NO_MATCH = 'That name and password do not match an account.'

const signInFirst = () => HttpResponse.json({ detail: SIGN_IN_FIRST }, { status: 401 })

/** Accounts on, with these people (`{username, password, is_admin}`); no one signed in. */
export function turnAccountsOn(...people) {
  backend.accounts.auth = 'on'
  backend.accounts.users = people.map((person) => ({ id: newId('user'), created_at: '2026-12-01T10:00:00Z', is_admin: false, ...person }))
}

/** The session ends behind the page's back (signed out elsewhere, a new password). */
export function endSession() {
  backend.accounts.signedIn = null
}

const shown = ({ password: _password, ...user }) => user

export const accountHandlers = [
  http.all(`${BASE}/*`, ({ request }) => {
    const path = new URL(request.url).pathname
    if (backend.accounts.auth === 'on' && !backend.accounts.signedIn && !OPEN.has(path)) return signInFirst()
    return undefined
  }),
  http.get(`${BASE}/api/auth/me`, () => {
    const { auth, signedIn } = backend.accounts
    if (auth !== 'on') return HttpResponse.json({ username: null, is_admin: true, auth: 'off' })
    return HttpResponse.json({ username: signedIn.username, is_admin: signedIn.is_admin, auth: 'on' })
  }),
  http.post(`${BASE}/api/auth/login`, async ({ request }) => {
    const { username, password } = await request.json()
    const { accounts } = backend
    if (accounts.auth !== 'on') return HttpResponse.json({ detail: 'Accounts are off (CHAT_AUTH=off).' }, { status: 409 })
    if (accounts.refuseLogin) return HttpResponse.json({ detail: accounts.refuseLogin.detail }, { status: accounts.refuseLogin.status })
    const user = accounts.users.find((u) => u.username.toLowerCase() === username.toLowerCase() && u.password === password)
    if (!user) return HttpResponse.json({ detail: NO_MATCH }, { status: 401 })
    accounts.signedIn = user
    return HttpResponse.json({ username: user.username, is_admin: user.is_admin })
  }),
  http.post(`${BASE}/api/auth/logout`, () => {
    backend.accounts.signedIn = null
    return HttpResponse.json({ status: 'signed out' })
  }),
  http.post(`${BASE}/api/auth/password`, async ({ request }) => {
    const body = await request.json()
    const user = backend.accounts.signedIn
    if (body.current_password !== user.password) {
      return HttpResponse.json({ detail: 'The current password is not right; the password was not changed.' }, { status: 400 })
    }
    user.password = body.new_password
    return HttpResponse.json({ status: 'changed' })
  }),
  http.get(`${BASE}/api/auth/tokens`, () => HttpResponse.json(backend.accounts.tokens.map(({ token: _token, ...rest }) => rest))),
  http.post(`${BASE}/api/auth/tokens`, async ({ request }) => {
    const { name } = await request.json()
    const token = { id: newId('token'), name, created_at: '2026-12-05T10:00:00Z', last_used_at: null, token: `cc_${newId('secret')}` }
    backend.accounts.tokens.push(token)
    return HttpResponse.json(token, { status: 201 })
  }),
  http.delete(`${BASE}/api/auth/tokens/:id`, ({ params }) => {
    backend.accounts.tokens = backend.accounts.tokens.filter((token) => token.id !== params.id)
    return HttpResponse.json({ status: 'deleted' })
  }),
  http.get(`${BASE}/api/auth/users`, () => {
    if (!backend.accounts.signedIn.is_admin) return HttpResponse.json({ detail: 'Only an administrator can do this.' }, { status: 403 })
    return HttpResponse.json(backend.accounts.users.map(shown))
  }),
  http.post(`${BASE}/api/auth/users`, async ({ request }) => {
    const body = await request.json()
    if (backend.accounts.users.some((u) => u.username.toLowerCase() === body.username.toLowerCase())) {
      return HttpResponse.json({ detail: `An account named '${body.username}' already exists (names are compared without case).` }, { status: 409 })
    }
    const user = { id: newId('user'), created_at: '2026-12-05T10:00:00Z', ...body }
    backend.accounts.users.push(user)
    return HttpResponse.json(shown(user), { status: 201 })
  }),
  http.delete(`${BASE}/api/auth/users/:id`, ({ params }) => {
    backend.accounts.users = backend.accounts.users.filter((user) => user.id !== params.id)
    return HttpResponse.json({ status: 'deleted' })
  }),
]

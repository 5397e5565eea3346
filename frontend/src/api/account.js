// Accounts (the backend's /api/auth/…, with CHAT_AUTH=on): who is signed in, signing in and out,
// one's password and API tokens, and for administrators the accounts themselves.
import { ApiError, requestJson } from './http'

const json = (path, method, body) => requestJson(path, { method, body })

export const accountApi = {
  /** Who is signed in: `{username, is_admin, auth: 'on'}`, or `{auth: 'off'}` with accounts off
   * (also from a backend older than accounts). Rejects with status 401 when no one is. */
  async me(signal) {
    try {
      return await requestJson('/api/auth/me', { signal })
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { username: null, is_admin: true, auth: 'off' }
      throw error
    }
  },
  signIn: (username, password) => json('/api/auth/login', 'POST', { username, password }),
  signOut: () => json('/api/auth/logout', 'POST'),
  changePassword: (currentPassword, newPassword) =>
    json('/api/auth/password', 'POST', { current_password: currentPassword, new_password: newPassword }),
  tokens: () => requestJson('/api/auth/tokens'),
  createToken: (name) => json('/api/auth/tokens', 'POST', { name }),
  revokeToken: (id) => json(`/api/auth/tokens/${encodeURIComponent(id)}`, 'DELETE'),
  users: () => requestJson('/api/auth/users'),
  addUser: (username, password, isAdmin) => json('/api/auth/users', 'POST', { username, password, is_admin: isAdmin }),
  removeUser: (id) => json(`/api/auth/users/${encodeURIComponent(id)}`, 'DELETE'),
}

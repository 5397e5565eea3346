import { screen, waitFor, within } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it } from 'vitest'
import { addConversation, backend } from '../../test/backend'
import { endSession, NO_MATCH, turnAccountsOn } from '../../test/backendAccounts'
import { conversationList, textbox } from '../../test/fixtures'
import { renderApp } from '../../test/render'

const ANA = { username: 'ana', password: 'ana password', is_admin: true }
const BOB = { username: 'bob', password: 'bob password' }

async function signIn(user, name, password) {
  await user.type(await screen.findByLabelText('Name'), name)
  await user.type(screen.getByLabelText('Password'), password)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
}

describe('Signing in (accounts on)', () => {
  it('shows nothing of accounts when they are off: no sign-in page, no Sign out', async () => {
    addConversation({ title: 'Mine' })
    renderApp()
    expect(await conversationList().findByText('Mine')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull()
    expect(screen.queryByRole('button', { name: /Sign out/ })).toBeNull()
    expect(backend.requests).toContain('GET /api/auth/me')
  })

  it('asks for a name and password, then shows that person’s conversations and who is signed in', async () => {
    turnAccountsOn(ANA)
    addConversation({ title: 'Ana’s plans' })
    const { user } = renderApp()
    const name = await screen.findByLabelText('Name')
    await waitFor(() => expect(name).toHaveFocus())
    expect(name).toHaveAttribute('autocomplete', 'username')
    expect(screen.getByLabelText('Password')).toHaveAttribute('autocomplete', 'current-password')
    await signIn(user, 'ana', 'ana password')
    expect(await conversationList().findByText('Ana’s plans')).toBeInTheDocument()
    const sidebar = screen.getByRole('complementary', { name: 'Conversations' })
    expect(within(sidebar).getByText('ana')).toBeInTheDocument()
    expect(within(sidebar).getByRole('button', { name: 'Sign out' })).toBeInTheDocument()
  })

  it('says the backend’s sentence for a wrong password, which does not tell whether the name exists', async () => {
    turnAccountsOn(ANA)
    const { user } = renderApp()
    await signIn(user, 'ana', 'wrong')
    expect(await screen.findByRole('alert')).toHaveTextContent(NO_MATCH)
    expect(screen.getByLabelText('Password')).toHaveValue('')
    await signIn(user, 'nobody', 'wrong')
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(NO_MATCH))
  })

  it('says so when too many sign-ins failed', async () => {
    turnAccountsOn(ANA)
    backend.accounts.refuseLogin = { status: 429, detail: 'Too many failed sign-ins. Try again in a minute.' }
    const { user } = renderApp()
    await signIn(user, 'ana', 'ana password')
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed sign-ins. Try again in a minute.')
  })

  it('asks for both fields before sending anything', async () => {
    turnAccountsOn(ANA)
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Sign in' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your name and your password.')
    expect(backend.requests).not.toContain('POST /api/auth/login')
  })

  it('signs out back to the sign-in page', async () => {
    turnAccountsOn(ANA)
    const { user } = renderApp()
    await signIn(user, 'ana', 'ana password')
    await user.click(await screen.findByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(backend.requests).toContain('POST /api/auth/logout')
    expect(backend.accounts.signedIn).toBeNull()
  })

  it('brings the sign-in back when the session ends during use, keeping what was typed', async () => {
    turnAccountsOn(ANA)
    const { user } = renderApp()
    await signIn(user, 'ana', 'ana password')
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'half a thought')
    endSession() // signed out elsewhere: the next request answers 401
    await user.type(screen.getByRole('searchbox', { name: 'Search conversations' }), 'tides')
    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument()
    await signIn(user, 'ana', 'ana password')
    await waitFor(() => expect(textbox()).toHaveValue('half a thought'))
  })

  it('sends the session cookie with every request', async () => {
    turnAccountsOn(ANA)
    const seen = []
    const original = globalThis.fetch
    globalThis.fetch = (input, init) => {
      seen.push(init?.credentials)
      return original(input, init)
    }
    try {
      const { user } = renderApp()
      await signIn(user, 'ana', 'ana password')
      await conversationList().findByText('No conversations yet', {}, { timeout: 5000 }).catch(() => null)
    } finally {
      globalThis.fetch = original
    }
    expect(seen.length).toBeGreaterThan(2)
    expect(seen.every((credentials) => credentials === 'include')).toBe(true)
  })

  it('has no accessibility violations', async () => {
    turnAccountsOn(ANA)
    renderApp()
    await screen.findByRole('button', { name: 'Sign in' })
    const results = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } })
    expect(results.violations).toEqual([])
  })
})

describe('Account tab', () => {
  async function openAccountTab(user) {
    await user.click(await screen.findByRole('button', { name: 'Defaults & presets' }))
    await user.click(await screen.findByRole('tab', { name: 'Account' }))
  }

  it('is not there with accounts off', async () => {
    const { user } = renderApp()
    await user.click(await screen.findByRole('button', { name: 'Defaults & presets' }))
    expect(await screen.findByRole('tab', { name: 'Presets' })).toBeInTheDocument()
    expect(screen.queryByRole('tab', { name: 'Account' })).toBeNull()
  })

  it('makes a token, shows it once, and revokes it after asking', async () => {
    turnAccountsOn(ANA)
    const { user } = renderApp()
    await signIn(user, 'ana', 'ana password')
    await openAccountTab(user)
    expect(await screen.findByText('No tokens yet.')).toBeInTheDocument()
    await user.type(screen.getByLabelText('New token’s name'), 'laptop script')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    const shown = await screen.findByText(/it will not be shown again/)
    const secret = backend.accounts.tokens[0].token
    expect(screen.getByText(secret)).toBeInTheDocument()
    expect(shown).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Revoke laptop script' }))
    await user.click(screen.getByRole('button', { name: 'Revoke “laptop script”' }))
    await waitFor(() => expect(backend.accounts.tokens).toEqual([]))
    expect(screen.queryByText(secret)).toBeNull()
  })

  it('changes the password, and says so when the current one is wrong', async () => {
    turnAccountsOn(ANA)
    const { user } = renderApp()
    await signIn(user, 'ana', 'ana password')
    await openAccountTab(user)
    await user.type(await screen.findByLabelText('Current password'), 'not it')
    await user.type(screen.getByLabelText('New password (at least 8 characters)'), 'a better one')
    await user.click(screen.getByRole('button', { name: 'Change password' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The current password is not right')
    await user.clear(screen.getByLabelText('Current password'))
    await user.type(screen.getByLabelText('Current password'), 'ana password')
    await user.click(screen.getByRole('button', { name: 'Change password' }))
    expect(await screen.findByText(/Password changed/)).toBeInTheDocument()
    expect(backend.accounts.users[0].password).toBe('a better one')
  })

  it('lets an administrator add and remove people', async () => {
    turnAccountsOn(ANA, BOB)
    const { user } = renderApp()
    await signIn(user, 'ana', 'ana password')
    await openAccountTab(user)
    const people = await screen.findByRole('region', { name: 'People' })
    expect(await within(people).findByText('bob')).toBeInTheDocument()
    await user.type(within(people).getByLabelText('Name'), 'Bob')
    await user.type(within(people).getByLabelText('Password (at least 8 characters)'), 'carol password')
    await user.click(within(people).getByRole('button', { name: 'Add person' }))
    expect(await within(people).findByRole('alert')).toHaveTextContent("An account named 'Bob' already exists")
    await user.clear(within(people).getByLabelText('Name'))
    await user.type(within(people).getByLabelText('Name'), 'carol')
    await user.click(within(people).getByRole('button', { name: 'Add person' }))
    expect(await within(people).findByText('Added carol. They can sign in now.')).toBeInTheDocument()
    await user.click(within(people).getByRole('button', { name: 'Remove bob' }))
    expect(within(people).getByText('Their conversations are deleted too.')).toBeInTheDocument()
    await user.click(within(people).getByRole('button', { name: 'Remove bob' }))
    await waitFor(() => expect(backend.accounts.users.map((u) => u.username)).toEqual(['ana', 'carol']))
  })

  it('shows no People to someone who is not an administrator', async () => {
    turnAccountsOn(ANA, BOB)
    const { user } = renderApp()
    await signIn(user, 'bob', 'bob password')
    await openAccountTab(user)
    expect(await screen.findByRole('region', { name: 'Access tokens' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'People' })).toBeNull()
    expect(backend.requests).not.toContain('GET /api/auth/users')
  })
})

describe('MCP servers for someone who is not an administrator', () => {
  it('offers no form to add one, and says who may', async () => {
    turnAccountsOn(ANA, BOB)
    const { user } = renderApp()
    await signIn(user, 'bob', 'bob password')
    await user.click(await screen.findByRole('button', { name: 'Defaults & presets' }))
    await user.click(await screen.findByRole('tab', { name: 'MCP servers' }))
    expect(await screen.findByText(/only an administrator adds or changes them/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Add server/ })).toBeNull()
  })
})

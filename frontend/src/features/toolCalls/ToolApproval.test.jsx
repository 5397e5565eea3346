import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AccountContext, NO_ACCOUNTS } from '../account/AccountContext'
import ToolApproval from './ToolApproval'

const renderAs = (account) =>
  render(
    <AccountContext.Provider value={account}>
      <ToolApproval name="echo" onDecide={async () => null} />
    </AccountContext.Provider>,
  )

describe('ToolApproval and accounts', () => {
  it('offers Always allow and Always deny with accounts off and to an administrator', () => {
    renderAs(NO_ACCOUNTS)
    expect(screen.getByRole('button', { name: 'Always allow' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Always deny' })).toBeInTheDocument()
  })

  it('offers only this call’s decision to someone who is not an administrator (a tool’s rule is everyone’s)', () => {
    renderAs({ auth: 'on', username: 'bob', isAdmin: false, signOut: async () => {} })
    expect(screen.getByRole('button', { name: 'Allow once' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Deny' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Always allow' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Always deny' })).toBeNull()
  })
})

import { useState } from 'react'
import { UserIcon } from '../../ui/icons'
import { useAccount } from './AccountContext'

const ROW = 'flex items-center gap-2 px-3 py-1 text-sm text-gray-300'
const SIGN_OUT =
  'ml-auto shrink-0 rounded-md px-2 py-1 text-xs text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:opacity-50'
const SIGN_OUT_COMPACT =
  'flex w-full items-center justify-center rounded-lg p-2 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'

/** At the sidebar's foot with accounts on: who is signed in, and Sign out. Nothing otherwise. */
const SignedInAs = ({ compact }) => {
  const account = useAccount()
  const [leaving, setLeaving] = useState(false)
  if (account.auth !== 'on') return null
  const signOut = () => {
    setLeaving(true)
    account.signOut().catch(() => setLeaving(false))
  }
  if (compact) {
    return (
      <button type="button" onClick={signOut} aria-label={`Sign out ${account.username}`} title={`Signed in as ${account.username}`} className={SIGN_OUT_COMPACT}>
        <UserIcon className="h-4 w-4" />
      </button>
    )
  }
  return (
    <div className={ROW}>
      <UserIcon className="h-4 w-4 shrink-0" />
      <span className="min-w-0 truncate" title={account.isAdmin ? `${account.username} (administrator)` : account.username}>
        {account.username}
      </span>
      <button type="button" onClick={signOut} disabled={leaving} className={SIGN_OUT}>
        Sign out
      </button>
    </div>
  )
}

export default SignedInAs

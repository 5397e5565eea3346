import { useAccount } from './AccountContext'
import AccessTokens from './AccessTokens'
import ChangePassword from './ChangePassword'
import People from './People'

/** Preferences' Account tab (accounts on): one's password and tokens; People for administrators. */
const AccountPanel = () => {
  const account = useAccount()
  return (
    <div className="space-y-8">
      <p className="text-sm text-gray-300">
        Signed in as <span className="font-medium text-gray-100">{account.username}</span>
        {account.isAdmin ? ' (administrator)' : ''}.
      </p>
      <AccessTokens />
      <ChangePassword />
      {account.isAdmin && <People me={account.username} />}
    </div>
  )
}

export default AccountPanel

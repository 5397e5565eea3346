import { createContext, useContext } from 'react'

// Who uses the page: with accounts off (or outside the gate, as in tests of one component) the
// person at this machine, who may do everything and never signs out.
export const NO_ACCOUNTS = Object.freeze({ auth: 'off', username: null, isAdmin: true, signOut: null })

export const AccountContext = createContext(NO_ACCOUNTS)

export const useAccount = () => useContext(AccountContext)

import { useState } from 'react'
import { accountApi } from '../../services/api'
import Outcome from '../settings/Outcome'
import { INPUT_CLASS as INPUT } from '../settings/SettingsFields'
import { PRIMARY_BUTTON } from '../settings/buttons'
import { failed, succeeded } from '../settings/settingsForm'
import { HEADING, LABEL } from './fields'

/** A new password for the account signed in; every other session of it ends. */
const ChangePassword = () => {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [outcome, setOutcome] = useState(null) // settingsForm's succeeded / failed
  const [busy, setBusy] = useState(false)

  const submit = async (event) => {
    event.preventDefault()
    setBusy(true)
    setOutcome(null)
    try {
      await accountApi.changePassword(current, next)
      setCurrent('')
      setNext('')
      setOutcome(succeeded('Password changed. Your other sessions have been signed out.'))
    } catch (error) {
      setOutcome(failed(error.message))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="change-password-title" className="space-y-3">
      <h3 id="change-password-title" className={HEADING}>
        Change password
      </h3>
      <label className={LABEL}>
        Current password
        <input type="password" autoComplete="current-password" className={INPUT} value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className={LABEL}>
        New password (at least 8 characters)
        <input type="password" autoComplete="new-password" className={INPUT} value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <Outcome message={outcome} />
      <button type="submit" className={PRIMARY_BUTTON} disabled={busy || !current || !next}>
        Change password
      </button>
    </form>
  )
}

export default ChangePassword

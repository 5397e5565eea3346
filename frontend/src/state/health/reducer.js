// Whether the backend and LM Studio answer, as the latest check found:
// { backend: bool, lmStudio: {...} | null, message?, and the backend's limits }, null before it.
import { transitions } from '../transitions'

export const initialHealthState = null

export const healthReducer = transitions({
  'health/updated': (_state, action) => action.health,
})

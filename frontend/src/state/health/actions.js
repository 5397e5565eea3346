// Whether the backend and LM Studio answer: checked at once, then polled, faster while something
// is down so the notice clears soon after it is back. The model catalog is asked for whenever
// LM Studio becomes reachable (at first, and when it is back): asked while it is down, the backend
// would only answer 503, which the browser logs as an error.
import { api } from '../../services/api'

export const HEALTH_DOWN_INTERVAL_MS = 5000
export const HEALTH_UP_INTERVAL_MS = 30000

async function checkOnce() {
  try {
    const result = await api.getHealth()
    return {
      backend: true,
      lmStudio: result.lm_studio,
      storage: result.storage ?? null, // memory, sqlite or postgresql
      cluster: result.cluster ?? null, // several backends: { backend, redis, error? }
      maxMessageChars: result.max_message_chars ?? null,
      maxUploadBytes: result.max_upload_bytes ?? null,
      maxAttachments: result.max_attachments ?? null,
    }
  } catch (error) {
    return { backend: false, lmStudio: null, message: error.message }
  }
}

export function createHealthActions({ dispatch, chat }) {
  let checkNow = () => {} // the running poll's check, while the page is open

  /** Poll until the returned function stops it. */
  const startPolling = () => {
    let cancelled = false
    let timer = null
    let wasReachable = false
    let wasAllUp = false
    const check = async () => {
      clearTimeout(timer)
      const health = await checkOnce()
      if (cancelled) return
      dispatch({ type: 'health/updated', health })
      const reachable = Boolean(health.lmStudio?.reachable)
      // With several LM Studio servers, one that is down is watched as closely, and its models
      // are listed again once it is back.
      const allUp =
        reachable &&
        !(health.lmStudio?.servers ?? []).some((server) => !server.reachable) &&
        health.cluster?.redis !== 'unreachable'
      if (reachable && (!wasReachable || (allUp && !wasAllUp))) chat.loadCatalog()
      wasReachable = reachable
      wasAllUp = allUp
      timer = setTimeout(check, health.backend && allUp ? HEALTH_UP_INTERVAL_MS : HEALTH_DOWN_INTERVAL_MS)
    }
    checkNow = check
    check()
    return () => {
      cancelled = true
      if (checkNow === check) checkNow = () => {}
      clearTimeout(timer)
    }
  }

  return {
    actions: {},
    // Something failed that may be down for everything: ask now rather than at the next poll.
    internal: { checkHealth: () => checkNow() },
    start: startPolling,
  }
}

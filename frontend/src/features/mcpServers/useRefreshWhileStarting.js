import { useEffect } from 'react'

// How often the servers are asked again while one is starting (a stdio server that installs its
// package first can take many seconds).
export const STARTING_REFRESH_MS = 1000

/** Read the servers now, and again every STARTING_REFRESH_MS while one of them is starting. */
export function useRefreshWhileStarting(servers, refresh) {
  useEffect(() => {
    refresh()
  }, [refresh])
  const starting = (servers ?? []).some((server) => server.status === 'starting')
  useEffect(() => {
    if (!starting) return undefined
    const timer = setInterval(refresh, STARTING_REFRESH_MS)
    return () => clearInterval(timer)
  }, [starting, refresh])
}

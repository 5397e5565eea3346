import { useSyncExternalStore } from 'react'

/** Whether a CSS media query matches, kept up to date as the window changes. */
export function useMediaQuery(query) {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia?.(query)
      list?.addEventListener('change', onChange)
      return () => list?.removeEventListener('change', onChange)
    },
    () => window.matchMedia?.(query).matches ?? true,
    () => true,
  )
}

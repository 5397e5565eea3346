import { useSyncExternalStore } from 'react'

// Tailwind's breakpoints, for what CSS alone cannot change (a different element, not a class).
export const SMALL_UP = '(min-width: 640px)' // `sm`
export const MEDIUM_UP = '(min-width: 768px)' // `md`: the sidebar beside the page, not over it

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

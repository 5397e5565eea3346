import { useEffect } from 'react'

export const APP_NAME = 'Chat AI'

/** The browser tab names the open conversation (`title`; null on the start page). */
export function useTabTitle(title) {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME
  }, [title])
}

import { useEffect } from 'react'

/** Over a phone's screen the sidebar is a modal panel: while `isOverlay`, focus goes into it (its
 * first button) and back to what opened it when it closes (the rest of the page is inert
 * meanwhile, see App). */
export function useOverlayFocus(panelRef, isOverlay) {
  useEffect(() => {
    if (!isOverlay) return undefined
    const opener = document.activeElement
    panelRef.current?.querySelector('button')?.focus()
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
  }, [panelRef, isOverlay])
}

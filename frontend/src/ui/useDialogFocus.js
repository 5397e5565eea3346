import { useEffect } from 'react'

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

/**
 * A dialog's keyboard contract (WAI-ARIA dialog pattern): focus moves into it when it opens,
 * Tab and Shift+Tab stay inside it, Escape closes it, and focus goes back where it was after.
 */
export function useDialogFocus(ref, onClose, initialFocusRef = null) {
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return undefined
    const previous = document.activeElement
    const focusables = () => [...dialog.querySelectorAll(FOCUSABLE)].filter((element) => !element.disabled)
    ;(initialFocusRef?.current ?? focusables()[0] ?? dialog).focus()

    const onKeyDown = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        event.stopPropagation()
        onClose()
        return
      }
      if (event.key !== 'Tab') return
      const items = focusables()
      if (items.length === 0) {
        event.preventDefault()
        return
      }
      const first = items[0]
      const last = items[items.length - 1]
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault()
        last.focus()
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault()
        first.focus()
      }
    }
    dialog.addEventListener('keydown', onKeyDown)
    return () => {
      dialog.removeEventListener('keydown', onKeyDown)
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus()
    }
    // Opening and closing are what matter; a new onClose identity is not a reopening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}

import { useEffect } from 'react'
import { isFocusIdle } from '../../utils/focus'

const hasFinePointer = () => window.matchMedia?.('(pointer: fine)').matches ?? true

/** The box takes the focus when it appears and when a reply ends (Stop, which had it, is gone),
 * unless the focus is somewhere on purpose (search, a menu) or the screen is a touch screen,
 * where focusing would push up the on-screen keyboard unasked. */
export function useFocusWhenIdle(textareaRef, isStreaming) {
  useEffect(() => {
    const box = textareaRef.current
    if (isStreaming || !box) return
    if (isFocusIdle() && hasFinePointer()) box.focus()
  }, [textareaRef, isStreaming])
}

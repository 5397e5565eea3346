import { useRef } from 'react'
import { useDialogFocus } from './useDialogFocus'

// The page behind a dialog, dimmed; each look written out whole.
const BACKDROPS = {
  dim: 'fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4',
  // Less margin on a phone, for a dialog with a lot in it.
  roomy: 'fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-2 sm:p-4',
  // For a picture.
  dark: 'fixed inset-0 z-50 flex items-center justify-center bg-black/80 p-4',
}

/**
 * A modal dialog (WAI-ARIA dialog pattern), written once for every dialog of the page: named by
 * `label` or by the element `labelledBy`; focus goes into it (to `initialFocusRef`, else its first
 * control), stays inside while it is open and returns where it was after; Escape calls `onClose`,
 * and so does a click outside it where `closeOnBackdrop` allows. `role`: 'alertdialog' for one
 * that asks before something that cannot be undone. `className` is the dialog's own box.
 */
const Modal = ({
  role = 'dialog',
  label,
  labelledBy,
  describedBy,
  onClose,
  closeOnBackdrop = false,
  initialFocusRef,
  backdrop = 'dim',
  className,
  children,
}) => {
  const dialogRef = useRef(null)
  // Escape calls the latest onClose (it may ask first, e.g. about unsaved changes).
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose
  useDialogFocus(dialogRef, () => onCloseRef.current(), initialFocusRef)
  return (
    <div className={BACKDROPS[backdrop]} onClick={closeOnBackdrop ? onClose : undefined}>
      <div
        ref={dialogRef}
        role={role}
        aria-modal="true"
        aria-label={label}
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        onClick={closeOnBackdrop ? (event) => event.stopPropagation() : undefined}
        className={className}
      >
        {children}
      </div>
    </div>
  )
}

export default Modal

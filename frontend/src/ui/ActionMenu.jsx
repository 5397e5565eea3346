import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react'
import { CheckIcon, EllipsisIcon } from './icons'

/** Where a menu can be seen whole: the window, within the nearest scrolling ancestor (it clips). */
function visibleArea(element) {
  const area = { left: 0, right: document.documentElement.clientWidth, bottom: window.innerHeight }
  for (let node = element.parentElement; node; node = node.parentElement) {
    if (/(auto|scroll|hidden)/.test(getComputedStyle(node).overflowY)) {
      const box = node.getBoundingClientRect()
      return { left: Math.max(area.left, box.left), right: Math.min(area.right, box.right), bottom: Math.min(area.bottom, box.bottom) }
    }
  }
  return area
}

// Below the button with right edges aligned, or above it where below would be cut off; moved
// sideways (inline, by the pixels measured) where it would be cut off at a side.
const MENU_BELOW =
  'absolute right-0 top-full z-30 mt-1 min-w-[12rem] overflow-hidden rounded-lg border border-dark-lighter bg-dark-light py-1 shadow-xl'
const MENU_ABOVE =
  'absolute bottom-full right-0 z-30 mb-1 min-w-[12rem] overflow-hidden rounded-lg border border-dark-lighter bg-dark-light py-1 shadow-xl'
const USUAL_PLACEMENT = { above: false, shift: 0 }
const MARGIN_PX = 8

// Every kind of item: actions, and choices of which one is in use.
const ITEM = '[role="menuitem"], [role="menuitemradio"]'

/**
 * A "⋯" button (or `buttonContent`) opening a menu of actions (WAI-ARIA menu button): arrow keys
 * move between items, Enter picks one, Escape or a click elsewhere closes it and focus returns to
 * the button. `items`: [{ label, onSelect, danger?, checked? }]; an item with `checked` is one of
 * a set of choices (menuitemradio), the one in use marked with a check.
 */
const ActionMenu = ({ label, items, buttonClassName, buttonTabIndex, openRef, buttonContent = <EllipsisIcon /> }) => {
  const [isOpen, setOpen] = useState(false)
  const [placement, setPlacement] = useState(USUAL_PLACEMENT)
  const buttonRef = useRef(null)
  const menuRef = useRef(null)
  const menuId = useId()

  // Lets a parent open the menu from the keyboard (e.g. the context-menu key on a row).
  if (openRef) openRef.current = () => setOpen(true)

  useLayoutEffect(() => {
    if (!isOpen) {
      setPlacement(USUAL_PLACEMENT) // each opening measures from the usual place
      return
    }
    const menu = menuRef.current.getBoundingClientRect()
    const button = buttonRef.current.getBoundingClientRect()
    const area = visibleArea(buttonRef.current)
    const above = menu.bottom > area.bottom && button.top - menu.height >= 0
    const tooFarLeft = area.left + MARGIN_PX - menu.left
    const tooFarRight = menu.right - (area.right - MARGIN_PX)
    setPlacement({ above, shift: tooFarLeft > 0 ? tooFarLeft : tooFarRight > 0 ? -tooFarRight : 0 })
  }, [isOpen])

  useEffect(() => {
    if (!isOpen) return undefined
    const menu = menuRef.current
    const first = menu?.querySelector('[aria-checked="true"]') ?? menu?.querySelector(ITEM) // the choice in use
    first?.focus()
    const onPointerDown = (event) => {
      if (!menuRef.current?.contains(event.target) && !buttonRef.current?.contains(event.target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [isOpen])

  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  const onMenuKeyDown = (event) => {
    const entries = [...menuRef.current.querySelectorAll(ITEM)]
    const at = entries.indexOf(document.activeElement)
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      entries[(at + step + entries.length) % entries.length]?.focus()
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      entries[event.key === 'Home' ? 0 : entries.length - 1]?.focus()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close()
    } else if (event.key === 'Tab') {
      setOpen(false)
    }
  }

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        tabIndex={buttonTabIndex}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => setOpen((open) => !open)}
        className={buttonClassName}
      >
        {buttonContent}
      </button>
      {isOpen && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKeyDown}
          className={placement.above ? MENU_ABOVE : MENU_BELOW}
          style={placement.shift ? { transform: `translateX(${placement.shift}px)` } : undefined}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
              aria-checked={item.checked}
              tabIndex={-1}
              onClick={() => {
                setOpen(false)
                item.onSelect()
              }}
              className={
                item.danger
                  ? 'block w-full whitespace-nowrap px-3 py-2 text-left text-sm text-red-300 hover:bg-red-500/15 focus:bg-red-500/15 focus:outline-none'
                  : 'block w-full whitespace-nowrap px-3 py-2 text-left text-sm text-gray-200 hover:bg-dark-lighter focus:bg-dark-lighter focus:outline-none'
              }
            >
              {item.checked === undefined ? (
                item.label
              ) : (
                <span className="flex items-center gap-2">
                  <span className="w-4 shrink-0" aria-hidden="true">
                    {item.checked && (
                      <span data-testid="check-mark">
                        <CheckIcon />
                      </span>
                    )}
                  </span>
                  {item.label}
                </span>
              )}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

export default ActionMenu

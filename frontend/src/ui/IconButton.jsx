// A button that shows an icon only, named by `label` for assistive technology.
const VARIANTS = {
  // Closes a dialog or a panel.
  close:
    'rounded-md p-1 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary',
  // In the conversation's header.
  toolbar:
    'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary',
  // In the sidebar's header.
  sidebar:
    'rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary',
}

/** `variant` picks the look; `className` replaces it where a place needs its own. The rest
 * (onClick, title, aria-expanded, ref…) goes to the button. */
const IconButton = ({ label, variant = 'toolbar', className, children, ...props }) => (
  <button type="button" aria-label={label} className={className ?? VARIANTS[variant]} {...props}>
    {children}
  </button>
)

export default IconButton

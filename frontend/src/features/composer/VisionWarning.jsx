const LINK_CLASS =
  'underline decoration-dotted underline-offset-2 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300'

/** Before images go to a model the catalog lists as a text model (`model`): it will not see them,
 * unless the user switches to one that can (`switchTo`, with `onSwitch`) or says to send them
 * anyway (`onSendAnyway`). */
const VisionWarning = ({ model, switchTo = null, onSwitch, onSendAnyway }) => (
  <p role="alert" className="mb-2 flex flex-wrap items-center gap-x-3 text-sm text-amber-200">
    <span>{model} cannot see images (LM Studio lists it as a text model): it will not see the pictures.</span>
    {switchTo && onSwitch && (
      <button type="button" onClick={() => onSwitch(switchTo)} className={LINK_CLASS}>
        Use {switchTo}
      </button>
    )}
    <button type="button" onClick={onSendAnyway} className={LINK_CLASS}>
      Send them anyway
    </button>
  </p>
)

export default VisionWarning

/** Before images go to a model the catalog lists as a text model (`model`): it will not see them,
 * unless the user says to send them anyway (`onSendAnyway`). */
const VisionWarning = ({ model, onSendAnyway }) => (
  <p role="alert" className="mb-2 flex flex-wrap items-center gap-x-3 text-sm text-amber-200">
    <span>{model} cannot see images (LM Studio lists it as a text model): it will not see the pictures.</span>
    <button
      type="button"
      onClick={onSendAnyway}
      className="underline decoration-dotted underline-offset-2 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300"
    >
      Send them anyway
    </button>
  </p>
)

export default VisionWarning

import { ArrowDownIcon } from '../../ui/icons'

/** Back to the end of the conversation, for a reader who scrolled up. In the flow between the
 * messages and the box, not floating over the text it would hide. */
const JumpToLatest = ({ onClick }) => (
  <div className="flex justify-center bg-dark py-1.5">
    <button
      type="button"
      onClick={onClick}
      className="flex items-center gap-2 rounded-full border border-dark-lighter bg-dark-light px-4 py-1.5 text-sm text-gray-200 shadow-lg transition-colors hover:bg-dark-lighter focus:outline-none focus:ring-2 focus:ring-primary"
    >
      <ArrowDownIcon />
      Jump to latest
    </button>
  </div>
)

export default JumpToLatest

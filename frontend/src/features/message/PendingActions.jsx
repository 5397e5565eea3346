import { CopyIcon, EllipsisIcon, RefreshIcon } from '../../ui/icons'
import { ACTION_CLASS } from './MessageActions'

/** The room a reply's actions will take, held (invisible) while it is written, so nothing below
 * the text, nor the details beside the actions, moves when they appear. */
const PendingActions = () => (
  <span className="invisible flex items-center gap-1" aria-hidden="true">
    <span className={ACTION_CLASS}>
      <CopyIcon />
      Copy
    </span>
    <span className={ACTION_CLASS}>
      <RefreshIcon />
      Regenerate
    </span>
    <span className={ACTION_CLASS}>
      <EllipsisIcon />
    </span>
  </span>
)

export default PendingActions

import IconButton from './IconButton'
import { CloseIcon } from './icons'

/** A dialog's title (its accessible name: `id` for the Modal's labelledBy) and its close button. */
const ModalHeader = ({ id, title, onClose, closeRef }) => (
  <div className="mb-4 flex items-center justify-between gap-3">
    <h2 id={id} className="text-lg font-semibold text-gray-100">
      {title}
    </h2>
    <IconButton ref={closeRef} label="Close" variant="close" onClick={onClose}>
      <CloseIcon />
    </IconButton>
  </div>
)

export default ModalHeader

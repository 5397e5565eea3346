import AttachmentChip from './AttachmentChip'

/** The files attached to the message being written, as chips (`items` from useAttachments). */
const AttachedFiles = ({ items, onRemove }) => {
  if (items.length === 0) return null
  return (
    <ul className="mb-2 flex flex-wrap gap-2" aria-label="Attached files">
      {items.map((item) => (
        <AttachmentChip key={item.key} item={item} onRemove={onRemove} />
      ))}
    </ul>
  )
}

export default AttachedFiles

import { api } from '../../services/api'
import IconButton from '../../ui/IconButton'
import { formatBytes } from '../../utils/format'
import { CloseIcon, FileIcon, SpinnerIcon, WarningIcon } from '../../ui/icons'

const CHIP_CLASSES = {
  uploading: 'flex max-w-[16rem] items-center gap-2 rounded-lg border border-dark-lighter bg-dark px-2 py-1 text-xs text-gray-300',
  ready: 'flex max-w-[16rem] items-center gap-2 rounded-lg border border-dark-lighter bg-dark px-2 py-1 text-xs text-gray-200',
  failed: 'flex max-w-[20rem] items-center gap-2 rounded-lg border border-red-500/50 bg-red-500/10 px-2 py-1 text-xs text-red-200',
}

/** A file attached to the message being written: its name, size, state, and a remove button. */
const AttachmentChip = ({ item, onRemove }) => {
  const isImage = item.info?.kind === 'image' || Boolean(item.preview)
  const thumbnail = item.info?.kind === 'image' ? api.attachmentUrl(item.info.id) : item.preview
  return (
    <li className={CHIP_CLASSES[item.status]} data-testid="attachment-chip" data-status={item.status}>
      {item.status === 'uploading' ? (
        <SpinnerIcon className="h-4 w-4 shrink-0 animate-spin" />
      ) : item.status === 'failed' ? (
        <WarningIcon className="h-4 w-4 shrink-0" />
      ) : isImage && thumbnail ? (
        <img src={thumbnail} alt="" className="h-6 w-6 shrink-0 rounded object-cover" />
      ) : (
        <FileIcon className="h-4 w-4 shrink-0" />
      )}
      <span className="min-w-0">
        <span className="block truncate" title={item.name}>
          {item.name}
        </span>
        <span className={item.status === 'failed' ? 'block whitespace-normal' : 'block text-gray-400'}>
          {item.status === 'failed' ? item.error : item.status === 'uploading' ? `Uploading… ${formatBytes(item.size)}` : formatBytes(item.info?.size ?? item.size)}
        </span>
      </span>
      <IconButton
        label={`Remove ${item.name}`}
        title="Remove"
        onClick={() => onRemove(item.key)}
        className="ml-auto shrink-0 rounded p-0.5 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
      >
        <CloseIcon className="h-4 w-4" />
      </IconButton>
    </li>
  )
}

export default AttachmentChip

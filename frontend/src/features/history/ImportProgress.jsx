import { formatBytes } from '../../utils/format'

/** While the file is sent: how much of it, and Cancel. Then, while the backend reads it, a bar
 * with no end (it gives no progress of its own). */
const ImportProgress = ({ status, fileName, loaded, total, onCancel, cancelRef }) => {
  if (status === 'reading') {
    return (
      <div className="space-y-3">
        <p id="import-reading-label" className="text-sm text-gray-200">
          Reading the export…
        </p>
        <div role="progressbar" aria-labelledby="import-reading-label" className="h-2 w-full overflow-hidden rounded-full bg-dark-lighter">
          <div className="h-full w-full animate-pulse rounded-full bg-gradient-to-r from-primary to-secondary" />
        </div>
        <p className="text-xs text-gray-400">
          A large export takes a while. You can close this: its conversations appear in the list when they are in.
        </p>
      </div>
    )
  }
  const percent = total ? Math.min(100, Math.round((loaded / total) * 100)) : null
  const amount = total ? `${formatBytes(loaded)} of ${formatBytes(total)}` : formatBytes(loaded)
  return (
    <div className="space-y-3">
      <p id="import-upload-label" className="break-words text-sm text-gray-200">
        Uploading {fileName}…
      </p>
      <div
        role="progressbar"
        aria-labelledby="import-upload-label"
        aria-valuemin={percent == null ? undefined : 0}
        aria-valuemax={percent == null ? undefined : 100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent == null ? amount : `${percent}% (${amount})`}
        className="h-2 w-full overflow-hidden rounded-full bg-dark-lighter"
      >
        <div className="h-full rounded-full bg-gradient-to-r from-primary to-secondary transition-[width] duration-200" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <div className="flex items-center justify-between gap-3">
        <p className="text-xs text-gray-400">{amount}</p>
        <button
          ref={cancelRef}
          type="button"
          onClick={onCancel}
          className="rounded-lg px-4 py-2 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
        >
          Cancel
        </button>
      </div>
    </div>
  )
}

export default ImportProgress

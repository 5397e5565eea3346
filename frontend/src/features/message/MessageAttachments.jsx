import { useState } from 'react'
import { api } from '../../services/api'
import { formatBytes } from '../../utils/format'
import { FileIcon } from '../../ui/icons'
import ImageViewer from './ImageViewer'

/** The files a sent message carries: images as thumbnails (a click shows one large), documents
 * as cards that download the file. */
const MessageAttachments = ({ attachments }) => {
  const [viewing, setViewing] = useState(null)
  if (!attachments?.length) return null
  return (
    <>
      <ul className="mt-2 flex flex-wrap gap-2" aria-label="Attached files" data-testid="message-attachments">
        {attachments.map((attachment) =>
          attachment.kind === 'image' ? (
            <li key={attachment.id}>
              <button
                type="button"
                onClick={() => setViewing(attachment)}
                aria-label={`View ${attachment.name}`}
                className="block overflow-hidden rounded-lg ring-1 ring-white/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-white"
              >
                <img
                  src={api.attachmentUrl(attachment.id)}
                  alt={attachment.name}
                  width={attachment.width ?? undefined}
                  height={attachment.height ?? undefined}
                  loading="lazy"
                  className="h-32 w-auto max-w-[12rem] object-cover"
                />
              </button>
            </li>
          ) : (
            <li key={attachment.id}>
              <a
                href={api.attachmentUrl(attachment.id)}
                download={attachment.name}
                className="flex max-w-[16rem] items-center gap-2 rounded-lg bg-black/20 px-3 py-2 text-sm text-white ring-1 ring-white/20 hover:bg-black/30 focus:outline-none focus-visible:ring-2 focus-visible:ring-white"
              >
                <FileIcon className="h-5 w-5 shrink-0" />
                <span className="min-w-0">
                  <span className="block truncate">{attachment.name}</span>
                  <span className="block text-xs opacity-80">
                    {formatBytes(attachment.size)}
                    {attachment.chars != null ? ` · ${attachment.chars.toLocaleString()} characters` : ''}
                  </span>
                </span>
              </a>
            </li>
          ),
        )}
      </ul>
      {viewing && <ImageViewer src={api.attachmentUrl(viewing.id)} name={viewing.name} onClose={() => setViewing(null)} />}
    </>
  )
}

export default MessageAttachments

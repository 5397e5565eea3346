import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../services/api'
import { loadDraftFiles, saveDraftFiles } from '../../state/drafts'
import { formatBytes } from '../../utils/format'

let nextKey = 0
const newKey = () => `file-${++nextKey}`

/**
 * The files attached to the message being written: each is uploaded as soon as it is added
 * (a chip that shows its progress), checked first against the backend's limits so a file too
 * large or one too many is refused at once with its name. Uploaded ones are kept with the draft.
 * Item: { key, name, size, status: 'uploading' | 'ready' | 'failed', info?, error?, preview? }.
 */
export function useAttachments(conversationId, { maxUploadBytes = null, maxAttachments = null } = {}) {
  const [items, setItems] = useState(() =>
    loadDraftFiles(conversationId).map((info) => ({ key: newKey(), name: info.name, size: info.size, status: 'ready', info })),
  )
  const itemsRef = useRef(items)
  itemsRef.current = items

  useEffect(() => {
    saveDraftFiles(
      conversationId,
      items.filter((item) => item.status === 'ready').map((item) => item.info),
    )
  }, [conversationId, items])

  // Previews made from the files themselves go when their chip goes.
  useEffect(
    () => () => itemsRef.current.forEach((item) => item.preview && URL.revokeObjectURL?.(item.preview)),
    [],
  )

  const update = (key, change) => setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)))

  const add = useCallback(
    (files) => {
      let count = itemsRef.current.filter((item) => item.status !== 'failed').length
      const added = []
      for (const file of files) {
        const name = file.name || 'pasted image'
        const item = { key: newKey(), name, size: file.size, status: 'uploading' }
        if (maxAttachments != null && count >= maxAttachments) {
          Object.assign(item, { status: 'failed', error: `A message can carry at most ${maxAttachments} files.` })
        } else if (maxUploadBytes != null && file.size > maxUploadBytes) {
          const error = `${name} is larger than the upload limit of ${formatBytes(maxUploadBytes)} (it has ${formatBytes(file.size)}).`
          Object.assign(item, { status: 'failed', error })
        } else {
          count += 1
          if (file.type?.startsWith('image/') && URL.createObjectURL) item.preview = URL.createObjectURL(file)
          api
            .uploadAttachment(file)
            .then((info) => update(item.key, { status: 'ready', info }))
            .catch((error) => update(item.key, { status: 'failed', error: error.message }))
        }
        added.push(item)
      }
      setItems((current) => [...current, ...added])
    },
    [maxAttachments, maxUploadBytes],
  )

  const remove = useCallback((key) => {
    const item = itemsRef.current.find((candidate) => candidate.key === key)
    if (item?.preview) URL.revokeObjectURL?.(item.preview)
    setItems((current) => current.filter((candidate) => candidate.key !== key))
  }, [])

  /** Forget the chips once their message was accepted (the files stay with the message). */
  const clear = useCallback(() => {
    itemsRef.current.forEach((item) => item.preview && URL.revokeObjectURL?.(item.preview))
    setItems([])
  }, [])

  return {
    items,
    add,
    remove,
    clear,
    ready: items.filter((item) => item.status === 'ready').map((item) => item.info),
    isUploading: items.some((item) => item.status === 'uploading'),
    hasFailed: items.some((item) => item.status === 'failed'),
  }
}

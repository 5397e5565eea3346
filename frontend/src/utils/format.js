// Durations, sizes and token counts as people read them.

export function formatSeconds(ms) {
  if (ms == null) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`
}

/** "812 KB", "1.5 MB", "20 MB": a file's size. */
export function formatBytes(size) {
  if (size == null) return ''
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`
  const megabytes = size / (1024 * 1024)
  return `${megabytes >= 10 || Number.isInteger(megabytes) ? Math.round(megabytes) : megabytes.toFixed(1)} MB`
}

/** "4K", "32K", "128K", "1.5K", "900": token counts as people say them. */
export function formatTokens(count) {
  if (count == null) return ''
  if (count < 1000) return String(Math.round(count))
  const thousands = count / 1024
  const rounded = thousands >= 10 ? Math.round(thousands) : Math.round(thousands * 10) / 10
  return `${rounded}K`
}

/** When something happened, as short as still tells it apart: "14:02" today, else "3 Mar, 14:02"
 * (a year ago or more, "3 Mar 2025, 14:02"), in the reader's locale and time zone. */
export function formatMoment(iso, now = new Date()) {
  const moment = new Date(iso)
  if (Number.isNaN(moment.getTime())) return ''
  const time = moment.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  if (moment.toDateString() === now.toDateString()) return time
  const sameYear = moment.getFullYear() === now.getFullYear()
  const date = moment.toLocaleDateString([], { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })
  return `${date}, ${time}`
}

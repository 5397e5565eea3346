// A reply's figures as the page shows them under it.
import { formatSeconds } from '../../utils/format'

/** "1.2 s to first token · 42.5 tok/s · 312 tokens" from a reply's stats. */
export function describeStats(stats) {
  if (!stats) return []
  const parts = []
  if (stats.ttft_ms != null) parts.push(`${formatSeconds(stats.ttft_ms)} to first token`)
  if (stats.tokens_per_second != null) parts.push(`${stats.tokens_per_second.toFixed(1)} tok/s`)
  if (stats.completion_tokens != null) {
    parts.push(stats.completion_tokens === 1 ? '1 token' : `${stats.completion_tokens} tokens`)
  }
  return parts
}

/** The line under a reply: its model and figures. */
export function replyDetails(message) {
  return [message.model, ...describeStats(message.stats)].filter(Boolean).join(' · ')
}

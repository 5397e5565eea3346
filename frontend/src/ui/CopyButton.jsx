import { useEffect, useRef, useState } from 'react'
import { copyText } from '../utils/clipboard'
import { CheckIcon, CopyIcon } from './icons'

const FEEDBACK_MS = 2000

/** Copies `text`; says "Copied" for a moment afterwards. */
const CopyButton = ({ text, label = 'Copy', className, disabled = false }) => {
  const [copied, setCopied] = useState(false)
  const timer = useRef(null)
  useEffect(() => () => clearTimeout(timer.current), [])

  const handleClick = async () => {
    if (await copyText(text)) {
      setCopied(true)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => setCopied(false), FEEDBACK_MS)
    }
  }

  return (
    <button
      type="button"
      onClick={handleClick}
      disabled={disabled}
      aria-label={copied ? 'Copied' : label}
      title={copied ? 'Copied' : label}
      className={className}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span aria-hidden="true">{copied ? 'Copied' : label}</span>
    </button>
  )
}

export default CopyButton

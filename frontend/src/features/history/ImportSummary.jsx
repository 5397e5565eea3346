import { importedSentence, sourcesSentence } from './summary'

// More warnings than this are folded away under their count.
const WARNINGS_SHOWN_OPEN = 3

const BUTTON =
  'rounded-lg px-4 py-2 text-sm text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
const PRIMARY =
  'max-w-full truncate rounded-lg bg-gradient-to-r from-primary to-secondary px-4 py-2 text-sm font-medium text-white hover:opacity-90 focus:outline-none focus-visible:ring-2 focus-visible:ring-white'

const WarningList = ({ warnings }) => (
  <ul className="list-disc space-y-1 pl-5 text-sm text-amber-200">
    {warnings.map((warning, index) => (
      <li key={index}>{warning}</li>
    ))}
  </ul>
)

/** What came in: how many, how many were here already, the warnings, and the way to the first. */
const ImportSummary = ({ result, onOpenConversation, onImportAnother, onDone, primaryRef }) => {
  const first = result.conversations?.[0]
  const warnings = result.warnings ?? []
  const sources = sourcesSentence(result.conversations)
  return (
    <div className="space-y-4">
      <div>
        <p className="text-gray-100">{importedSentence(result)}</p>
        {sources && <p className="text-sm text-gray-400">{sources}</p>}
      </div>
      {warnings.length > 0 &&
        (warnings.length > WARNINGS_SHOWN_OPEN ? (
          <details className="rounded-lg border border-dark-lighter p-3">
            <summary className="cursor-pointer text-sm text-amber-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary">
              {warnings.length} warnings
            </summary>
            <div className="mt-2 max-h-48 overflow-y-auto">
              <WarningList warnings={warnings} />
            </div>
          </details>
        ) : (
          <div>
            <h3 className="mb-1 text-sm font-medium text-gray-200">{warnings.length === 1 ? 'Warning' : 'Warnings'}</h3>
            <WarningList warnings={warnings} />
          </div>
        ))}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={onImportAnother} className={BUTTON}>
          Import another file
        </button>
        {first ? (
          <>
            <button type="button" onClick={onDone} className={BUTTON}>
              Done
            </button>
            <button ref={primaryRef} type="button" onClick={() => onOpenConversation(first.id)} className={PRIMARY}>
              Open “{first.title}”
            </button>
          </>
        ) : (
          <button ref={primaryRef} type="button" onClick={onDone} className={PRIMARY}>
            Done
          </button>
        )}
      </div>
    </div>
  )
}

export default ImportSummary

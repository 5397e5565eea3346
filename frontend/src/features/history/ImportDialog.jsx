import { useEffect, useRef } from 'react'
import Modal from '../../ui/Modal'
import ModalHeader from '../../ui/ModalHeader'
import ImportChooser from './ImportChooser'
import ImportProgress from './ImportProgress'
import ImportSummary from './ImportSummary'
import { importedSentence } from './summary'

// What a screen reader hears as the import moves on (errors are alerts of their own).
function announcement({ status, fileName, result }) {
  if (status === 'uploading') return `Uploading ${fileName}.`
  if (status === 'reading') return 'Reading the export.'
  if (status === 'done') return `Import finished. ${importedSentence(result)}`
  return ''
}

/** Importing an export: choose or drop the file, watch it upload and be read, then what came in. */
const ImportDialog = ({ importer, isDragging, onOpenConversation }) => {
  const { status } = importer
  const primaryRef = useRef(null)
  const closeRef = useRef(null)

  // Each stage replaces the last one's buttons: the focus goes to the new stage's own.
  useEffect(() => {
    ;(primaryRef.current ?? closeRef.current)?.focus()
  }, [status])

  let stage
  if (status === 'uploading' || status === 'reading') {
    stage = (
      <ImportProgress
        status={status}
        fileName={importer.fileName}
        loaded={importer.loaded}
        total={importer.total}
        onCancel={importer.cancel}
        cancelRef={primaryRef}
      />
    )
  } else if (status === 'done') {
    stage = (
      <ImportSummary
        result={importer.result}
        onOpenConversation={(id) => {
          importer.close()
          onOpenConversation(id)
        }}
        onImportAnother={importer.reset}
        onDone={importer.close}
        primaryRef={primaryRef}
      />
    )
  } else {
    stage = <ImportChooser error={importer.error} note={importer.note} isDragging={isDragging} onFile={importer.start} primaryRef={primaryRef} />
  }

  return (
    <Modal
      labelledBy="import-title"
      onClose={importer.close}
      initialFocusRef={primaryRef}
      backdrop="roomy"
      className="max-h-full w-full max-w-md overflow-y-auto rounded-2xl border border-dark-lighter bg-dark-light p-5 shadow-xl"
    >
      <ModalHeader id="import-title" title="Import conversations" onClose={importer.close} closeRef={closeRef} />
      <p className="sr-only" aria-live="polite">
        {announcement(importer)}
      </p>
      {stage}
    </Modal>
  )
}

export default ImportDialog

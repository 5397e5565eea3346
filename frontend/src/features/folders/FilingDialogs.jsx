import { createPortal } from 'react-dom'
import DeleteFolderDialog from './DeleteFolderDialog'
import MoveToDialog from './MoveToDialog'

/** The Move to… dialog and the question before deleting a folder, when one is asked for
 * (useFiling); over the whole page, since the sidebar may be a sliding overlay on a phone. */
const FilingDialogs = ({ filer }) =>
  createPortal(
    <>
    {filer.moving && (
      <MoveToDialog
        conversation={filer.moving}
        folders={filer.folders}
        onMove={filer.moveTo}
        onCreate={filer.createFolder}
        onClose={filer.stopMoving}
      />
    )}
    {filer.deleting && (
      <DeleteFolderDialog
        folder={filer.deleting.folder}
        count={filer.deleting.count}
        onConfirm={filer.confirmDelete}
        onCancel={filer.cancelDelete}
      />
    )}
    </>,
    document.body,
  )

export default FilingDialogs

import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { KEYMAP } from '../../state/keymap.ts'
import { selectHelpOpen } from '../../state/selectors.ts'
import { useVmStore, vmStore } from '../../state/store.ts'

/** The shortcut legend, drawn from the same table the key handler reads. */
export function HelpDialog() {
  const { t } = useTranslation()
  const open = useVmStore(selectHelpOpen)
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (!d) return
    // jsdom has no showModal; the open attribute is the fallback.
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal()
      else d.setAttribute('open', '')
    } else if (!open && d.open) {
      if (typeof d.close === 'function') d.close()
      else d.removeAttribute('open')
    }
  }, [open])
  return (
    <dialog
      ref={ref}
      className="help"
      aria-labelledby="help-heading"
      onClose={() => vmStore.getState().setHelpOpen(false)}
    >
      <h2 id="help-heading">{t('help.heading')}</h2>
      <table>
        <tbody>
          {KEYMAP.map((b) => (
            <tr key={b.command}>
              <th scope="row">
                {b.legend.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' / '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{t(b.label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('help.clicker')}</p>
      <button type="button" onClick={() => vmStore.getState().setHelpOpen(false)}>
        {t('help.close')}
      </button>
    </dialog>
  )
}

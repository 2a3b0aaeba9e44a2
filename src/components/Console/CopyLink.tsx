import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * Copies the link of this exact step (scenario, step and any typed lines) for a slide or a
 * chat. Where the clipboard is refused (an iframe without permission), the link is selected in
 * a text field so it can be copied by hand.
 */
export function CopyLink() {
  const { t } = useTranslation()
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle')
  const [href, setHref] = useState('')
  const copy = (): void => {
    const link = window.location.href
    setHref(link)
    const done = (): void => setState('copied')
    const manual = (): void => setState('manual')
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(link).then(done, manual)
    else manual()
  }
  return (
    <>
      <button type="button" onClick={copy}>
        {t('share.copy')}
      </button>
      <span aria-live="polite" className="copy-link-status">
        {state === 'copied' && t('share.copied')}
      </span>
      {state === 'manual' && (
        <input
          className="copy-link-field"
          readOnly
          value={href}
          aria-label={t('share.manual')}
          ref={(el) => el?.select()}
        />
      )}
    </>
  )
}

import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CUSTOM_ID } from '../../scenarios/custom.ts'
import { loadUiStrings } from '../../i18n/index.ts'
import { loadLinkCodec } from '../../state/url.ts'
import { vmStore } from '../../state/store.ts'

/** Opens a script file as a new scenario of its own; a bad file is refused with the reason. */
export function LoadScript() {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  return (
    <span className="load-script">
      <label className="button-like">
        {t('load.button')}
        <input
          type="file"
          accept=".vms,.txt,.json,text/plain,application/json"
          className="visually-hidden"
          data-testid="load-script"
          onChange={async (e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (!file) return
            // The checker runs the script, so it brings the runner: loaded on first use only,
            // with the words for a refusal.
            const [{ validateScript }, { formatHash }, { importMessage }] = await Promise.all([
              import('../../state/importScript.ts'),
              loadLinkCodec(),
              import('./importMessage.ts'),
              loadUiStrings(),
            ])
            const bytes = new Uint8Array(await file.arrayBuffer())
            // A scenario written in the editor (JSON, state/authored.ts) rather than bare lines.
            if (bytes[0] === 0x7b || (bytes[0] === 0xef && bytes[3] === 0x7b)) {
              const { openAuthoredFile } = await import('./importMessage.ts')
              const refused = openAuthoredFile(bytes, vmStore.getState().prefs.lang)
              setError(refused === null ? null : `${file.name}${t('punct.colon')}${refused}`)
              return
            }
            const r = validateScript(bytes, CUSTOM_ID)
            if (!r.ok) {
              setError(`${file.name}${t('punct.colon')}${importMessage(t, r.error)}`)
              return
            }
            setError(null)
            window.location.hash = formatHash({
              kind: 'scenario',
              id: CUSTOM_ID,
              step: 1,
              extra: r.value,
            })
          }}
        />
      </label>
      {error && (
        <span role="alert" className="load-error">
          {error}
        </span>
      )}
    </span>
  )
}

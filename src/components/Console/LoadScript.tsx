import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { exhaustive } from '../../engine/index.ts'
import { CUSTOM_ID } from '../../scenarios/custom.ts'
import type { ImportError } from '../../state/importScript.ts'
import { loadLinkCodec } from '../../state/url.ts'

function useImportMessage(): (e: ImportError) => string {
  const { t } = useTranslation()
  return (e) => {
    switch (e.code) {
      case 'too-large':
        return t('load.too-large', { bytes: e.bytes, max: e.max })
      case 'not-utf8':
        return t('load.not-utf8')
      case 'too-many-lines':
        return t('load.too-many-lines', { lines: e.lines })
      case 'line-too-long':
        return t('load.line-too-long', { line: e.line })
      case 'link-too-long':
        return t('load.link-too-long', { length: e.length, max: e.max })
      case 'empty':
        return t('load.empty')
      case 'script-error':
        return t('load.script-error', {
          line: e.error.line,
          column: e.error.column,
          message: e.error.message,
        })
      default:
        return exhaustive(e)
    }
  }
}

/** Opens a script file as a new scenario of its own; a bad file is refused with the reason. */
export function LoadScript() {
  const { t } = useTranslation()
  const message = useImportMessage()
  const [error, setError] = useState<string | null>(null)
  return (
    <span className="load-script">
      <label className="button-like">
        {t('load.button')}
        <input
          type="file"
          accept=".vms,.txt,text/plain"
          className="visually-hidden"
          data-testid="load-script"
          onChange={async (e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (!file) return
            // The checker runs the script, so it brings the runner: loaded on first use only.
            const [{ validateScript }, { formatHash }] = await Promise.all([
              import('../../state/importScript.ts'),
              loadLinkCodec(),
            ])
            const r = validateScript(new Uint8Array(await file.arrayBuffer()), CUSTOM_ID)
            if (!r.ok) {
              setError(`${file.name}${t('punct.colon')}${message(r.error)}`)
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

import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { hex } from '../../engine/index.ts'
import { runLine } from './runLine.ts'

const INTENTS = ['read', 'write', 'fetch'] as const
const MODES = ['kernel', 'user'] as const

/** "Type an address, choose read/write/fetch and user/kernel": each try is an `access` line. */
export function TryIt({ initialVa }: { readonly initialVa: bigint | null }) {
  const { t } = useTranslation()
  const id = useId()
  const [va, setVa] = useState(initialVa === null ? '' : hex(initialVa))
  const [intent, setIntent] = useState<(typeof INTENTS)[number]>('read')
  const [mode, setMode] = useState<(typeof MODES)[number]>('kernel')
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const addr = va.trim()
    if (addr === '') {
      setError(t('pw.try.empty'))
      return
    }
    setError(runLine(`access ${addr} ${intent} ${mode}`))
  }
  return (
    <form className="pw-try" onSubmit={submit} aria-label={t('pw.try.label')}>
      <label htmlFor={`${id}-va`}>{t('pw.va')}</label>
      <input
        id={`${id}-va`}
        value={va}
        onChange={(e) => setVa(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        placeholder="0x7000"
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-err` : undefined}
      />
      <label htmlFor={`${id}-intent`}>{t('pw.try.intent')}</label>
      <select
        id={`${id}-intent`}
        value={intent}
        onChange={(e) => setIntent(INTENTS.find((x) => x === e.target.value) ?? 'read')}
      >
        {INTENTS.map((x) => (
          <option key={x} value={x}>
            {t(`pw.intent.${x}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-mode`}>{t('pw.try.mode')}</label>
      <select
        id={`${id}-mode`}
        value={mode}
        onChange={(e) => setMode(MODES.find((x) => x === e.target.value) ?? 'kernel')}
      >
        {MODES.map((x) => (
          <option key={x} value={x}>
            {t(`pw.mode.${x}`)}
          </option>
        ))}
      </select>
      <button type="submit">{t('pw.try.run')}</button>
      {error ? (
        <p id={`${id}-err`} className="pw-try-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  )
}

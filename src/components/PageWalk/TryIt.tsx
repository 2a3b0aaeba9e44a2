import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { hex } from '../../engine/index.ts'
import { runLine } from './runLine.ts'

const INTENTS = ['read', 'write', 'fetch'] as const
const MODES = ['kernel', 'user'] as const
export type TryIntent = (typeof INTENTS)[number]
export type TryMode = (typeof MODES)[number]
export interface TryChoice {
  readonly intent: TryIntent
  readonly mode: TryMode
}

/** "Type an address, choose read/write/fetch and user/kernel": each try is an `access` line. */
/**
 * The address follows the step (the form is re-keyed by it); the access kind and privilege are
 * kept by the panel, so a student repeating writes does not pick "write" again each time.
 */
export function TryIt({
  initialVa,
  choice,
  onChoice,
}: {
  readonly initialVa: bigint | null
  readonly choice: TryChoice
  readonly onChoice: (c: TryChoice) => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const [va, setVa] = useState(initialVa === null ? '' : hex(initialVa))
  const { intent, mode } = choice
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
        onChange={(e) =>
          onChoice({ mode, intent: INTENTS.find((x) => x === e.target.value) ?? 'read' })
        }
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
        onChange={(e) =>
          onChoice({ intent, mode: MODES.find((x) => x === e.target.value) ?? 'kernel' })
        }
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

import { Suspense, lazy, memo } from 'react'
import { useTranslation } from 'react-i18next'
import { runAppCommand } from '../../state/commands.ts'
import { scenarioScript, type Scenario } from '../../scenarios/index.ts'
import { useVmStore, vmStore } from '../../state/store.ts'
import { LoadScript } from './LoadScript.tsx'

const ConsoleTerminal = lazy(() => import('./ConsoleTerminal.tsx'))

function exportScript(scenario: Scenario, extra: readonly string[]): void {
  const text =
    [`# VMScope script: ${scenario.id}`, scenarioScript(scenario).source, ...extra].join('\n') +
    '\n'
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
  const a = document.createElement('a')
  a.href = url
  a.download = `${scenario.id}.vms`
  a.click()
  URL.revokeObjectURL(url)
}

/**
 * The "Console" toggle, the lazily loaded terminal, and script export. Memoized: stepping
 * does not change its props, so a press does not re-render it.
 */
export const ConsolePanel = memo(function ConsolePanel({
  scenario,
  extra,
}: {
  readonly scenario: Scenario
  readonly extra: readonly string[]
}) {
  const { t } = useTranslation()
  const open = useVmStore((s) => s.consoleOpen)
  return (
    <section className="console-panel" aria-label={t('console.label')}>
      <div className="console-bar">
        <button
          type="button"
          aria-expanded={open}
          onClick={() => runAppCommand(vmStore, 'console')}
        >
          {t('console.open')} <kbd>C</kbd>
        </button>
        <button type="button" onClick={() => exportScript(scenario, extra)}>
          {t('console.export')}
        </button>
        <LoadScript />
        {open && <span className="console-hint">{t('console.hint')}</span>}
      </div>
      {open && (
        <Suspense fallback={<p>{t('console.loading')}</p>}>
          <ConsoleTerminal />
        </Suspense>
      )}
    </section>
  )
})

import { Component, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface Props {
  /** Changes when the step changes: a panel that failed on one step gets a fresh try. */
  readonly resetKey: unknown
  readonly children: ReactNode
  /** What to show instead (default: the panel's own failure box). */
  readonly fallback?: (message: string, retry: () => void) => ReactNode
}
interface State {
  readonly error: Error | null
  readonly resetKey: unknown
}

/**
 * Keeps one panel's failure (a drawing bug, a chunk that did not arrive) inside that panel: the
 * other panels, the narration, the controls and the keys go on working in front of the class.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey }
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children
    const retry = () => this.setState({ error: null })
    if (this.props.fallback) return this.props.fallback(this.state.error.message, retry)
    return <PanelFailed message={this.state.error.message} retry={retry} />
  }
}

// A lazy chunk that failed to arrive stays failed for this page (the browser keeps the failed
// module), so trying again means loading the page again; a drawing error may pass on re-render.
const CHUNK_FAILED = /dynamically imported module|importing a module script failed/i

function PanelFailed({ message, retry }: { readonly message: string; readonly retry: () => void }) {
  const { t } = useTranslation()
  const again = CHUNK_FAILED.test(message) ? () => window.location.reload() : retry
  return (
    <section className="panel panel-failed" role="alert" data-testid="panel-failed">
      <p>{t('stage.failed', { message })}</p>
      <button type="button" onClick={again}>
        {t('error.retry')}
      </button>
    </section>
  )
}

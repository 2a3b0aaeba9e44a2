import { useTranslation } from 'react-i18next'
import { CodeText } from '../ui/CodeText.tsx'
import type { LayerDef } from './layout.ts'

/** What a layer stack needs: the layers and which one each marker is on. */
export interface StackView {
  readonly stack: readonly LayerDef[]
  readonly vcpuAt: string
  readonly ioAt: string | null
  /** i18n key of the CPU marker's label (default: vCPU 0's). */
  readonly cpuLabel?: string
  /** The device layer the frame reached on this step. */
  readonly deviceAt?: string | null
  /** The world on the CPU when the stack has two worlds. */
  readonly worldOn?: 'vmm' | 'host' | null
}

function LayerItem({ l, view }: { readonly l: LayerDef; readonly view: StackView }) {
  const { t } = useTranslation()
  const cpu = view.vcpuAt === l.id
  const io = view.ioAt === l.id
  const dev = view.deviceAt === l.id
  return (
    <li
      className={`io-layer io-side-${l.side}${l.device === true ? ' io-device' : ''}${cpu || dev ? ' io-here' : ''}`}
      data-testid={`io-layer-${l.id}`}
    >
      <span className="io-layer-name">
        <CodeText text={t(l.title)} />
      </span>
      <span className="io-mode">{t(l.mode, l.modeParams)}</span>
      {l.space != null && <span className="io-mode io-space">{t(l.space)}</span>}
      {cpu && (
        <span className="io-marker" data-testid="io-cpu">
          <span aria-hidden="true">▶ </span>
          {t(view.cpuLabel ?? 'io.vcpuHere')}
        </span>
      )}
      {io && (
        <span className="io-marker io-marker-io" data-testid="io-thread">
          <span aria-hidden="true">▷ </span>
          {t('io.ioHere')}
        </span>
      )}
      {dev && (
        <span className="io-marker io-marker-io" data-testid="io-device">
          <span aria-hidden="true">▷ </span>
          {t('hyp.frameOut')}
        </span>
      )}
    </li>
  )
}

/**
 * The layer stack with the markers; any stack of LayerDefs draws the same way. Layers that
 * belong to a world (the hosted design) are drawn as two worlds side by side, the one on the
 * CPU labelled, the other marked as saved.
 */
export function LayerStack({ layout }: { readonly layout: StackView }) {
  const { t } = useTranslation()
  const worlds = (['vmm', 'host'] as const).map((w) => ({
    w,
    layers: layout.stack.filter((l) => l.world === w),
  }))
  if (worlds.every((x) => x.layers.length === 0))
    return (
      <ol className="io-stack" aria-label={t('io.stackLabel')} data-testid="io-stack">
        {layout.stack.map((l) => (
          <LayerItem key={l.id} l={l} view={layout} />
        ))}
      </ol>
    )
  const rest = layout.stack.filter((l) => l.world == null)
  return (
    <div className="io-stack" data-testid="io-stack">
      <div className="io-worlds">
        {worlds.map(({ w, layers }) => {
          const on = layout.worldOn === w
          return (
            <section
              key={w}
              className={`io-world${on ? ' io-world-on' : ''}`}
              data-testid={`io-world-${w}`}
              aria-label={t(`hyp.world.${w}`)}
            >
              <h3 className="io-sub">
                {t('hyp.world.heading', {
                  w: t(`hyp.world.${w}`),
                  s: t(on ? 'hyp.world.on' : 'hyp.world.saved'),
                })}
              </h3>
              <ol className="io-stack">
                {layers.map((l) => (
                  <LayerItem key={l.id} l={l} view={layout} />
                ))}
              </ol>
            </section>
          )
        })}
      </div>
      <ol className="io-stack" aria-label={t('io.stackLabel')}>
        {rest.map((l) => (
          <LayerItem key={l.id} l={l} view={layout} />
        ))}
      </ol>
    </div>
  )
}

// The layer diagram's picture for "where the hypervisor lives" (hw-facts-2 §4.1-4.3): the
// design's layers as LayerDefs (grouped into the two worlds for the hosted design), where the
// CPU is after this step's hop, the hops of this `hyp out` so far with their reasons, and the
// taxonomy and comparison tables. Everything comes from the engine's events.
import {
  DESIGNS,
  type DesignId,
  type EngineEvent,
  type Hop,
  type HypEvent,
  type LayerSpec,
  type PathCounts,
  type SavedState,
  type TaxonomyRow,
  type World,
  countPath,
  isModuleEvent,
} from '../../engine/index.ts'
import type { LayerDef } from './layout.ts'

const isHyp = (e: EngineEvent): e is HypEvent => isModuleEvent('hyp', e)
const hx = (n: number | bigint): string => `0x${n.toString(16)}`

export interface HypHopLine {
  readonly n: number
  readonly at: string
  readonly key: string
  readonly params: Readonly<Record<string, string | number>>
  readonly focus: boolean
}

export type HypLayout =
  | {
      readonly kind: 'taxonomy'
      readonly rows: readonly TaxonomyRow[]
      readonly design: DesignId | null
    }
  | {
      readonly kind: 'compare'
      readonly rows: readonly { readonly design: DesignId; readonly counts: PathCounts }[]
      readonly port: string
    }
  | {
      readonly kind: 'stack'
      readonly design: DesignId
      readonly stack: readonly LayerDef[]
      readonly cpuAt: string
      /** The NIC layer's id when this step's hop reached the device. */
      readonly deviceAt: string | null
      /** The world on the CPU (hosted design only). */
      readonly worldOn: World | null
      readonly hops: readonly HypHopLine[]
      readonly more: number
      /** Counted from this command's hops so far (null before any hop). */
      readonly counts: PathCounts | null
      readonly of: number
      /** The state this step's switch saves and loads. */
      readonly switched: {
        readonly kind: 'world' | 'vmcs'
        readonly to: string
        readonly state: readonly SavedState[]
      } | null
      readonly taxonomy: TaxonomyRow | null
    }

/** The i18n key of a layer's CPU mode. */
function modeKey(l: LayerSpec): { key: string; params: Record<string, string | number> } {
  if (l.ring === null) return { key: 'hyp.mode.device', params: {} }
  if (l.root === null) return { key: 'hyp.mode.ring', params: { r: l.ring } }
  return { key: l.root ? 'hyp.mode.root' : 'hyp.mode.nonroot', params: { r: l.ring } }
}

export function hypStack(design: DesignId): readonly LayerDef[] {
  return DESIGNS[design].layers.map((l) => {
    const m = modeKey(l)
    return {
      id: l.id,
      title: `hyp.layer.${design}.${l.id}`,
      mode: m.key,
      modeParams: m.params,
      side: l.side === 'hw' ? 'kernel' : l.side,
      device: l.side === 'hw',
      world: l.world,
      space: l.space === null ? null : `hyp.space.${l.space}`,
    }
  })
}

function hopLine(h: Hop, focus: boolean): HypHopLine {
  const params: Record<string, string | number> = {}
  if (h.exit !== null) {
    params.reason = h.exit.reason
    params.q = hx(h.exit.qualification)
  }
  if (h.hypercall !== null) {
    params.nr = h.hypercall.nr
    params.name = h.hypercall.name
    params.op = h.hypercall.opName
  }
  if (h.kvmRun !== null) params.port = hx(h.kvmRun.port)
  return { n: h.n, at: h.at, key: `hyp.how.${h.how}.${h.at}`, params, focus }
}

export function layoutHypLayers(
  event: EngineEvent,
  command: { readonly done: readonly EngineEvent[]; readonly todo: readonly EngineEvent[] },
): HypLayout | null {
  if (!isHyp(event)) return null
  switch (event.kind) {
    case 'hyp.taxonomy':
      return { kind: 'taxonomy', rows: event.rows, design: event.design }
    case 'hyp.compare':
      return { kind: 'compare', rows: event.rows, port: hx(event.instr.port) }
    case 'hyp.design':
      return {
        kind: 'stack',
        design: event.design,
        stack: hypStack(event.design),
        cpuAt: 'guest',
        deviceAt: null,
        worldOn: DESIGNS[event.design].layers[0]?.world ?? null,
        hops: [],
        more: 0,
        counts: null,
        of: 0,
        switched: null,
        taxonomy: event.taxonomy,
      }
    case 'hyp.hop': {
      const done = command.done.filter(isHyp).flatMap((e) => (e.kind === 'hyp.hop' ? [e.hop] : []))
      const h = event.hop
      const at = DESIGNS[event.design].layers.find((l) => l.id === h.at)
      return {
        kind: 'stack',
        design: event.design,
        stack: hypStack(event.design),
        cpuAt: h.at,
        deviceAt: h.device ? 'nic' : null,
        worldOn: at?.world ?? null,
        hops: done.map((d, i) => hopLine(d, i === done.length - 1)),
        more: command.todo.filter(isHyp).length,
        counts: countPath(event.design, done),
        of: event.of,
        switched:
          h.switches === null
            ? null
            : {
                kind: h.how === 'world-switch' ? 'world' : 'vmcs',
                to: h.switches.to,
                state: h.switches.state,
              },
        taxonomy: null,
      }
    }
  }
}

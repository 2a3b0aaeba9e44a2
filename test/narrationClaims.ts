// Numbers a lecturer's phase narration states about a counter the panels draw, read back from
// the state at the step where the words are on screen. Each claim is a phrase pattern and the
// counter it names; a claim that does not apply to a frame (no ring, no shadow MMU) says null.
import type { Frame, Ring } from '../src/engine/index.ts'

export interface Claim {
  readonly name: string
  /** Global regex over the English text; its capture groups are the stated numbers. */
  readonly re: RegExp
  /** The numbers the panels show at this frame, in the order of the capture groups. */
  readonly actual: (f: Frame) => readonly number[] | null
}

export interface Mismatch {
  readonly claim: string
  readonly text: string
  readonly stated: readonly number[]
  readonly shown: readonly number[]
}

const RING_FIELDS = {
  req_prod: (r: Ring) => r.sring.reqProd,
  rsp_prod: (r: Ring) => r.sring.rspProd,
  req_event: (r: Ring) => r.sring.reqEvent,
  rsp_event: (r: Ring) => r.sring.rspEvent,
  req_prod_pvt: (r: Ring) => r.front.reqProdPvt,
  rsp_cons: (r: Ring) => r.front.rspCons,
  rsp_prod_pvt: (r: Ring) => r.back.rspProdPvt,
  req_cons: (r: Ring) => r.back.reqCons,
} as const

type RingField = keyof typeof RING_FIELDS
const isRingField = (s: string): s is RingField => s in RING_FIELDS

// With one ring the text can only mean it; scenarios with several rings name them in prose,
// which these patterns do not try to resolve.
const onlyRing = (f: Frame): Ring | null =>
  f.machine.xen.rings.length === 1 ? (f.machine.xen.rings[0] ?? null) : null

const shadow = (f: Frame) => (f.machine.virt.mmu === 'shadow' ? f.machine.virt.shadow : null)

const shadowExits = (f: Frame): number | null => {
  const s = shadow(f)
  if (!s) return null
  const e = s.counters.exits
  return e.exception + e.crAccess + e.invlpg + e.wrmsr
}

/** `req_prod = 1`, `(rsp_cons = 1)`: an index stated as a value, not an expression. */
const ringAssignment: Claim = {
  name: 'ring index',
  re: /\b(req_prod_pvt|rsp_prod_pvt|req_prod|rsp_prod|req_event|rsp_event|req_cons|rsp_cons) = (\d+)\b(?! *[+−-])/g,
  actual: () => null, // resolved per match in check(): the field is part of the match
}

export const CLAIMS: readonly Claim[] = [
  ringAssignment,
  {
    name: 'every ring index',
    re: /every index reads (\d+)/g,
    actual: (f) => {
      const r = onlyRing(f)
      if (!r) return null
      // The producer and consumer indices; the event fields are thresholds, stated apart.
      const idx = [
        r.sring.reqProd,
        r.sring.rspProd,
        r.front.reqProdPvt,
        r.front.rspCons,
        r.back.rspProdPvt,
        r.back.reqCons,
      ]
      const v = new Set(idx)
      return v.size === 1 ? [...v] : [Number.NaN]
    },
  },
  {
    name: 'notifications sent',
    re: /(\d+) requests and (\d+) responses cost (\d+) notifications/g,
    actual: (f) => {
      const r = onlyRing(f)
      return r ? [r.stats.requests, r.stats.responses, r.stats.notifySent] : null
    },
  },
  {
    name: 'notifications suppressed',
    re: /(\d+) pushes notified nobody/g,
    actual: (f) => {
      const r = onlyRing(f)
      return r ? [r.stats.notifySuppressed] : null
    },
  },
  {
    name: 'shadow pages and their size',
    re: /(\d+) pages, (\d+) KiB/g,
    actual: (f) => {
      const s = shadow(f)
      return s ? [s.pages.length, s.pages.length * 4] : null
    },
  },
  {
    name: 'shadow pages so far',
    re: /shadow tree now has (\d+) shadow pages/g,
    actual: (f) => {
      const s = shadow(f)
      return s ? [s.pages.length] : null
    },
  },
  {
    name: 'shadow roots cached',
    re: /(\d+) roots are now cached/g,
    actual: (f) => {
      const s = shadow(f)
      if (!s) return null
      // A root shadows the top-level guest table: the highest level allocated.
      const top = Math.max(0, ...s.pages.map((p) => p.level))
      return [s.pages.filter((p) => p.level === top).length]
    },
  },
  {
    name: 'exits so far',
    re: /(\d+) exits so far, (\d+) of them hidden page faults/g,
    actual: (f) => {
      const s = shadow(f)
      const n = shadowExits(f)
      return s && n !== null ? [n, s.counters.hiddenFaults] : null
    },
  },
  {
    name: 'shadow counters so far',
    re: /Count so far: (\d+) exits, (\d+) hidden page faults, (\d+) reflected, (\d+) emulated page-table stores/g,
    actual: (f) => {
      const s = shadow(f)
      const n = shadowExits(f)
      return s && n !== null
        ? [n, s.counters.hiddenFaults, s.counters.reflectedFaults, s.counters.ptWrites]
        : null
    },
  },
]

/** Every claim in `text` that the state at `f` contradicts. */
export function check(text: string, f: Frame): Mismatch[] {
  const out: Mismatch[] = []
  for (const c of CLAIMS) {
    for (const m of text.matchAll(c.re)) {
      let stated: number[]
      let shown: readonly number[] | null
      if (c === ringAssignment) {
        const field = m[1] ?? ''
        const r = onlyRing(f)
        stated = [Number(m[2])]
        shown = r && isRingField(field) ? [RING_FIELDS[field](r)] : null
      } else {
        stated = m.slice(1).map(Number)
        shown = c.actual(f)
      }
      if (shown && stated.some((v, i) => v !== shown[i]))
        out.push({ claim: c.name, text: m[0], stated, shown })
    }
  }
  return out
}

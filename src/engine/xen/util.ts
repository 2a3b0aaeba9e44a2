import { type Result, err, ok } from '../core/result.ts'
import type { XenError } from './errors.ts'
import { type GrantDomain, writePage } from './grant.ts'
import type { Ring } from './ring.ts'
import type { XenState } from './types.ts'

export function getRing(s: XenState, name: string): Result<Ring, XenError> {
  const r = s.rings.find((x) => x.name.toLowerCase() === name.toLowerCase())
  return r
    ? ok(r)
    : err({
        code: 'no-such-ring',
        message: `there is no ring '${name}' (create it with 'ring create')`,
      })
}

export function putRing(s: XenState, r: Ring): XenState {
  return { ...s, rings: s.rings.map((x) => (x.name === r.name ? r : x)) }
}

export function hasDomain(s: XenState, domid: number): boolean {
  return s.domains.some((d) => d.domid === domid)
}

export function noDomain(domid: number): XenError {
  return {
    code: 'no-such-domain',
    message: `there is no domain ${domid} (create it with 'xen domain ${domid}')`,
  }
}

/** First guest frame number the model hands out for ring and data pages. */
export const FIRST_DATA_FRAME = 0x100

/** The lowest unused frame of a domain, filled with `content`. */
export function allocFrame(
  gds: readonly GrantDomain[],
  dom: number,
  content: string,
): { readonly grants: readonly GrantDomain[]; readonly frame: number } {
  const g = gds.find((x) => x.domid === dom)
  let frame = FIRST_DATA_FRAME
  while (g?.pages.has(frame)) frame++
  return { grants: writePage(gds, dom, frame, content), frame }
}

/** Frees a frame the model allocated (the page goes back to the guest's allocator). */
export function freeFrame(
  gds: readonly GrantDomain[],
  dom: number,
  frame: number,
): readonly GrantDomain[] {
  return gds.map((g) => {
    if (g.domid !== dom) return g
    const pages = new Map(g.pages)
    pages.delete(frame)
    return { ...g, pages }
  })
}

// The address brands of core/addr.ts keep the spaces apart at compile time. `npx tsc` checks
// this file (tsconfig includes test/): every `@ts-expect-error` line below must be a type
// error, or tsc fails with "Unused '@ts-expect-error' directive". Each wrong call sits under
// the same call with the right brand, so the brand is the only thing that can make it fail.
import { describe, expect, it } from 'vitest'
import {
  type Gpa,
  type Hpa,
  type PagingState,
  type ShadowState,
  type VirtState,
  apply,
  decodeEptp,
  emptyMemory,
  encodeEptLeaf,
  encodeEptp,
  eptWalk,
  findPage,
  gfnOf,
  gpa,
  gva,
  hpa,
  initialMachine,
  initialVirtState,
  mfnOf,
  p2mLookup,
  p2mTranslate,
  translateNoSideEffects,
} from '../src/engine/index.ts'
import { PageBook, getType } from '../src/engine/xenpv/pages.ts'

const G = gpa(0x5000n)
const H = hpa(0x2005000n)
const V = gva(0x400000n)

/** Never called: its body is for the type checker only. */
function mixedSpaces(
  virt: VirtState,
  paging: PagingState,
  shadow: ShadowState,
  book: PageBook,
): void {
  // P2M lookup: by guest-physical address...
  p2mLookup(virt, G)
  // @ts-expect-error ...not by a host-physical one (translating twice)
  p2mLookup(virt, H)
  // @ts-expect-error ...not by a linear one (the other dimension)
  p2mLookup(virt, V)
  // @ts-expect-error ...not by an unbranded number
  p2mLookup(virt, 0x5000n)
  // What the P2M gives back is host-physical, not guest-physical.
  const back: Hpa | null = p2mTranslate(virt, G)
  // @ts-expect-error a P2M translation is not a guest-physical address
  const wrongBack: Gpa | null = p2mTranslate(virt, G)

  // EPT translate: the walk of a guest-physical address...
  const cfg = { eptp: decodeEptp(encodeEptp(H, 4, false), 52), maxPhyAddr: 52, execOnly: true }
  const sink = { host: emptyMemory, events: [], refs: [] }
  const place = { row: 0, va: V, final: true }
  eptWalk(cfg, sink, G, 'read', place, false)
  // @ts-expect-error ...not of a host-physical one
  eptWalk(cfg, sink, H, 'read', place, false)
  // @ts-expect-error ...not of a linear one
  eptWalk(cfg, sink, V, 'read', place, false)
  // An EPT leaf points at host-physical memory...
  encodeEptLeaf(H, true, true, true, false)
  // @ts-expect-error ...a Gpa where the Hpa is due does not compile
  encodeEptLeaf(G, true, true, true, false)
  // @ts-expect-error the EPTP root is host-physical too
  encodeEptp(G, 4, false)

  // Shadow: shadow pages are found by the guest table they shadow (guest-physical)...
  findPage(shadow, G, 1)
  // @ts-expect-error ...not by a host-physical address
  findPage(shadow, H, 1)

  // Xen PV: page_info is per machine frame...
  getType(book, mfnOf(H), 'l1', 'EINVAL')
  // @ts-expect-error ...a guest frame number is not a machine frame number
  getType(book, gfnOf(G), 'l1', 'EINVAL')
  // @ts-expect-error ...nor is the frame of a guest-physical address
  mfnOf(G)

  // Native paging: a walk translates a linear address...
  translateNoSideEffects(paging, V)
  // @ts-expect-error ...not a guest-physical one
  translateNoSideEffects(paging, G)
  // @ts-expect-error ...not an unbranded number
  translateNoSideEffects(paging, 0x400000n)

  // Ops carry brands: `host map` GPA -> HPA, `host poke` at an HPA, `poke` at a (guest) PA.
  const m = initialMachine
  apply(m, {
    kind: 'virt.host-map',
    gpa: G,
    hpa: H,
    size: '4K',
    read: true,
    write: true,
    execute: true,
  })
  apply(m, {
    kind: 'virt.host-map',
    // @ts-expect-error host map with the two addresses swapped: an Hpa where the GPA is due...
    gpa: H,
    // @ts-expect-error ...and a Gpa where the HPA is due
    hpa: G,
    size: '4K',
    read: true,
    write: true,
    execute: true,
  })
  apply(m, { kind: 'virt.host-poke', addr: H, value: 0n, size: 8 })
  // @ts-expect-error the hypervisor's store takes a host-physical address
  apply(m, { kind: 'virt.host-poke', addr: G, value: 0n, size: 8 })
  apply(m, { kind: 'paging.poke', addr: G, value: 0n, size: 8 })
  // @ts-expect-error the guest's store takes no linear address
  apply(m, { kind: 'paging.poke', addr: V, value: 0n, size: 8 })
  apply(m, { kind: 'paging.access', va: V, intent: 'read', mode: 'kernel' })
  // @ts-expect-error nor an unbranded number for the access
  apply(m, { kind: 'paging.access', va: 0x400000n, intent: 'read', mode: 'kernel' })
  void back
  void wrongBack
}

describe('address brands (core/addr.ts)', () => {
  it('are plain bigints at run time, and the engine hands back the space it promises', () => {
    const r = apply(initialMachine, { kind: 'virt.mmu', mmu: 'shadow' })
    if (!r.ok) throw new Error('mmu shadow refused')
    const mapped = apply(r.value.machine, {
      kind: 'virt.host-map',
      gpa: gpa(0x5000n),
      hpa: hpa(0x2005000n),
      size: '4K',
      read: true,
      write: true,
      execute: true,
    })
    if (!mapped.ok) throw new Error('host map refused')
    const host: Hpa | null = p2mTranslate(mapped.value.machine.virt, gpa(0x5123n))
    expect(host).toBe(0x2005123n)
    expect(p2mTranslate(initialVirtState, G)).toBeNull()
    expect(gfnOf(G)).toBe(5n)
    expect(mfnOf(H)).toBe(0x2005n)
  })

  it('are checked by tsc in mixedSpaces (never run)', () => {
    expect(mixedSpaces).toBeTypeOf('function')
  })
})

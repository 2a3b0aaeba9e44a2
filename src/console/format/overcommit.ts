// JSON fields and text lines of the host-memory model (CONSOLE.md `mem ...`). Every event
// also reports `free_frames` and `swapped` (host frames free and pages in host swap after it).
//   mem host:    frames, seed
//   mem vm:      vm, pages, backed (frames it was given), image
//   mem write:   vm, gfns [..], content, faults [{gfn, kind fresh|cow|cow-zero|unshare-last|
//                swap-in, mfn, from, refs_left, slot}]
//   mem touch:   vm, allocated, dropped (page cache), paged_out (to the guest's disk),
//                double_paged, oom_deflated, short, faults [...]
//   mem balloon: balloon {vm, num_pages, actual}; then inflate {pfns, from_free, dropped,
//                paged_out, double_paged, short} and inflate_ack {pfns, freed (mfns),
//                swap_slots_freed, actual, num_pages}, or deflate {pfns, must_tell_host,
//                actual, num_pages}
//   mem share:   vm, gfn, hash (16 hex digits), outcome hint|stale-hint|merged|joined|
//                collision|already-shared|already-hinted|not-backed, mfn, freed, other, refs
//   mem ksm:     madvise, use_zero_pages; scan: scanned [{vm, gfn, outcome, mfn}],
//                pages_shared, pages_sharing, pages_unshared, pages_volatile, ksm_zero_pages,
//                full_scans, completed
//   mem swap:    swap_out {vm, gfn, mfn, slot, why command|no-frame|reclaim}
//   mem pageout: vm, gfn, disk_slot, double_paged, ios; a swap_in {vm, gfn, slot, mfn} first
//                when the host had swapped the page
//   mem tax:     tax_pct, k
//   mem reclaim: free, total, state high|soft|hard|low, needed, victim, method
//                none|balloon|swap, rho [{vm, shares, pages, active, rho}]
import { type OcError, type OcEvent, exhaustive, freeFrames } from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

const vmName = (e: OcEvent, vm: number): string => e.after.vms[vm]?.name ?? `#${vm}`
const list = (xs: readonly number[]): string => (xs.length === 0 ? 'none' : xs.join(' '))
/** rho to 4 significant digits (JSON cannot hold Infinity: a VM holding nothing is null). */
export const rhoValue = (r: number): number | null =>
  Number.isFinite(r) ? Number(r.toPrecision(4)) : null

function body(e: OcEvent): JsonObject {
  switch (e.kind) {
    case 'mem.host':
      return { frames: e.frames, seed: e.seed }
    case 'mem.vm':
      return { vm: e.name, pages: e.pages, backed: e.backed, image: e.image }
    case 'mem.write':
      return {
        vm: vmName(e, e.vm),
        gfns: [...e.gfns],
        content: e.content,
        faults: e.faults.map((f) => ({
          gfn: f.gfn,
          kind: f.kind,
          mfn: f.mfn,
          from: f.from,
          refs_left: f.refsLeft,
          slot: f.slot,
        })),
      }
    case 'mem.touch':
      return {
        vm: vmName(e, e.vm),
        allocated: [...e.allocated],
        dropped: [...e.dropped],
        paged_out: [...e.pagedOut],
        double_paged: [...e.doublePaged],
        oom_deflated: [...e.oomDeflated],
        short: e.short,
        faults: e.faults.map((f) => ({ gfn: f.gfn, kind: f.kind, mfn: f.mfn })),
      }
    case 'mem.balloon':
      return { balloon: { vm: vmName(e, e.vm), num_pages: e.numPages, actual: e.actual } }
    case 'mem.inflate':
      return {
        inflate: {
          pfns: [...e.pfns],
          from_free: [...e.fromFree],
          dropped: [...e.dropped],
          paged_out: [...e.pagedOut],
          double_paged: [...e.doublePaged],
          short: e.short,
        },
      }
    case 'mem.inflate-ack':
      return {
        inflate_ack: {
          pfns: [...e.pfns],
          freed: [...e.freed],
          swap_slots_freed: e.swapSlotsFreed,
          actual: e.actual,
          num_pages: e.numPages,
        },
      }
    case 'mem.deflate':
      return {
        deflate: {
          pfns: [...e.pfns],
          must_tell_host: e.mustTellHost,
          actual: e.actual,
          num_pages: e.numPages,
        },
      }
    case 'mem.share':
      return {
        vm: vmName(e, e.vm),
        gfn: e.gfn,
        hash: e.hash,
        outcome: e.outcome,
        mfn: e.mfn,
        freed: e.freed,
        other: e.other === null ? null : { vm: vmName(e, e.other.vm), gfn: e.other.gfn },
        refs: e.refs,
      }
    case 'mem.ksm-config':
      return { madvise: e.madvise === null ? null : vmName(e, e.madvise), use_zero_pages: e.zero }
    case 'mem.ksm-scan':
      return {
        scanned: e.scanned.map((s) => ({
          vm: vmName(e, s.vm),
          gfn: s.gfn,
          outcome: s.outcome,
          mfn: s.mfn,
        })),
        pages_shared: e.counters.pagesShared,
        pages_sharing: e.counters.pagesSharing,
        pages_unshared: e.counters.pagesUnshared,
        pages_volatile: e.counters.pagesVolatile,
        ksm_zero_pages: e.counters.zeroPages,
        full_scans: e.counters.fullScans,
        completed: e.completed,
      }
    case 'mem.swap-out':
      return { swap_out: { vm: vmName(e, e.vm), gfn: e.gfn, mfn: e.mfn, slot: e.slot, why: e.why } }
    case 'mem.swap-in':
      return { swap_in: { vm: vmName(e, e.vm), gfn: e.gfn, slot: e.slot, mfn: e.mfn } }
    case 'mem.pageout':
      return {
        vm: vmName(e, e.vm),
        gfn: e.gfn,
        disk_slot: e.diskSlot,
        double_paged: e.doublePaged,
        ios: e.ios,
      }
    case 'mem.tax':
      return { tax_pct: e.pct, k: Number(e.k.toPrecision(4)) }
    case 'mem.reclaim':
      return {
        free: e.free,
        total: e.total,
        state: e.state,
        needed: e.needed,
        victim: e.victim === null ? null : vmName(e, e.victim),
        method: e.method,
        rho: e.rho.map((r) => ({
          vm: vmName(e, r.vm),
          shares: r.shares,
          pages: r.pages,
          active: r.active,
          rho: rhoValue(r.rho),
        })),
      }
    default:
      return exhaustive(e)
  }
}

export function ocEventJson(e: OcEvent): JsonObject {
  return {
    ...body(e),
    free_frames: freeFrames(e.after),
    swapped: e.after.swap.filter((s) => s !== null).length,
  }
}

export function ocEventText(e: OcEvent): string {
  switch (e.kind) {
    case 'mem.host':
      return `host: ${e.frames} frames of 4 KiB, all free (seed ${e.seed})`
    case 'mem.vm':
      return `guest ${e.name}: ${e.pages} pages, ${e.backed} backed by host frames (image ${e.image})`
    case 'mem.write': {
      const f = e.faults.map((x) => `${x.kind} gfn ${x.gfn} -> mfn ${x.mfn}`).join(', ')
      return `${vmName(e, e.vm)} wrote '${e.content}' to gfn ${list(e.gfns)}${f === '' ? '' : `: ${f}`}`
    }
    case 'mem.touch':
      return `${vmName(e, e.vm)} allocated ${e.allocated.length} pages (${list(e.allocated)}); dropped cache ${list(e.dropped)}, paged out ${list(e.pagedOut)}${e.doublePaged.length > 0 ? `, double paging ${list(e.doublePaged)}` : ''}${e.oomDeflated.length > 0 ? `, OOM deflate ${list(e.oomDeflated)}` : ''}${e.short > 0 ? `; out of memory: ${e.short} pages short` : ''}`
    case 'mem.balloon':
      return `${vmName(e, e.vm)} balloon: num_pages = ${e.numPages} (actual ${e.actual})`
    case 'mem.inflate':
      return `inflate: PFNs ${list(e.pfns)} on the inflate queue (free ${list(e.fromFree)}, cache dropped ${list(e.dropped)}, paged out ${list(e.pagedOut)})${e.short > 0 ? `; Out of puff! ${e.short} pages short` : ''}`
    case 'mem.inflate-ack':
      return `host freed frames ${list(e.freed)}; actual = ${e.actual} of num_pages ${e.numPages}`
    case 'mem.deflate':
      return `deflate: PFNs ${list(e.pfns)} on the deflate queue (${e.mustTellHost ? 'MUST_TELL_HOST: reused after the host acknowledged' : 'reused at once'}); actual = ${e.actual}`
    case 'mem.share':
      return `share ${vmName(e, e.vm)} gfn ${e.gfn}: hash ${e.hash} ${e.outcome}${e.mfn === null ? '' : ` mfn ${e.mfn}`}${e.freed === null ? '' : `, freed mfn ${e.freed}`} (refs ${e.refs})`
    case 'mem.ksm-config':
      return e.madvise === null
        ? `ksm: use_zero_pages = ${e.zero ? 1 : 0}`
        : `ksm: ${vmName(e, e.madvise)} memory madvised MADV_MERGEABLE`
    case 'mem.ksm-scan': {
      const c = e.counters
      return `ksm scanned ${e.scanned.length} pages: pages_shared ${c.pagesShared}, pages_sharing ${c.pagesSharing}, pages_unshared ${c.pagesUnshared}, pages_volatile ${c.pagesVolatile}, ksm_zero_pages ${c.zeroPages}, full_scans ${c.fullScans}`
    }
    case 'mem.swap-out':
      return `host swapped out ${vmName(e, e.vm)} gfn ${e.gfn} (mfn ${e.mfn}) to slot ${e.slot} (${e.why})`
    case 'mem.swap-in':
      return `host swapped in ${vmName(e, e.vm)} gfn ${e.gfn} from slot ${e.slot} to mfn ${e.mfn}`
    case 'mem.pageout':
      return `${vmName(e, e.vm)} paged out gfn ${e.gfn} to its disk slot ${e.diskSlot}${e.doublePaged ? ' (double paging: 3 disk I/Os)' : ' (1 disk I/O)'}`
    case 'mem.tax':
      return `idle memory tax ${e.pct}%: an idle page counts k = ${e.k.toPrecision(3)}`
    case 'mem.reclaim':
      return `free ${e.free}/${e.total}: state ${e.state}${e.method === 'none' ? ', no reclaim' : `, ${e.method} ${e.needed} pages from ${e.victim === null ? '-' : vmName(e, e.victim)}`}`
    default:
      return exhaustive(e)
  }
}

export function describeOcError(e: OcError): string {
  switch (e.code) {
    case 'no-host':
      return "no host yet: 'mem host FRAMES' first"
    case 'no-vm':
      return `no guest named ${e.name} on this host`
    case 'vm-exists':
      return `a guest named ${e.name} is already on this host`
    case 'too-many-vms':
      return `the model holds ${e.max} guests at most`
    case 'host-full':
      return `the host has ${e.free} free frames and this needs ${e.need}`
    case 'layout':
      return `${e.used} pages in use do not fit in ${e.pages}`
    case 'gfn-range':
      return `gfn ${e.gfn} is past the guest's ${e.pages} pages`
    case 'in-balloon':
      return `gfn ${e.gfn} is in the balloon: the driver must not touch a page it gave the device`
    case 'not-anon':
      return `gfn ${e.gfn} is a ${e.use} page: the guest pages out only anonymous pages`
    case 'not-backed':
      return `gfn ${e.gfn} is not in a private host frame (${e.where})`
    case 'no-victim':
      return 'no guest holds host memory to reclaim'
    case 'nothing-to-scan':
      return "no guest memory is mergeable: 'mem ksm madvise VM' first"
    default:
      return exhaustive(e)
  }
}

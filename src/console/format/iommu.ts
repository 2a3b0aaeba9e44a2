// JSON fields and text lines of VT-d, VFIO and SR-IOV (CONSOLE.md `iommu`, `dma`, `vfio`,
// `sriov`). Addresses and entries are hex strings; devices are "bb:dd.f". A command's events
// merge into one object, so each event puts its fields under its own key:
//   iommu on:        rtaddr, irta, irt_entries, gsts
//   iommu domain:    domain {did, aw (39|48), levels, slptptr, vm}
//   iommu attach:    attach {device, did, tt, writes [{table root|context, addr, index, lo, hi}]}
//   iommu map:       map {did, iova, hpa, pages, perm r|w|rw, tables_allocated, leaves [{addr,
//                    index, lo}], vm (set when VFIO_IOMMU_MAP_DMA made it)}
//   iommu unmap:     did, iova, pages, stale_iotlb
//   iommu invalidate: cache context|iotlb, scope, did, device, iova, register, dropped
//   iommu poke:      addr, old, value
//   iommu faults clear: cleared
//   iommu device:    device, bar0, size
//   iommu vm:        vm, pages, hpa_base
//   dma BDF read|write: walk [{cache context|iotlb, hit} | {table root|context|sl, level, addr,
//                    index, lo, hi}] in hardware order, then either
//                    dma {device, iova, access read|write, hpa, via off|pass-through|iotlb|walk,
//                    did, owner} or fault {device, iova, access, msi, fr, fr_name, record (its
//                    index, or null: lost, FSTS.PFO), record_lo, record_hi, would_hit}
//   dma BDF msi:     walk [{table irte, ...}], then interrupt {device, handle, vector, cpu} or
//                    fault {...}
//   vfio assign:     group {device, group, vm, did, new_domain}, domain and map (a new
//                    container), attach, bar {device, vm, gpa, hpa, size}
//   vfio msi:        device, handle, vector, cpu, msi_addr, irte {addr, index, lo, hi}
//   vfio touch:      device, vm, what bar|config, offset, gpa, hpa, exits [exit reasons]
//   sriov pf:        device, total_vfs, vf_offset, vf_stride, vf_bar0, vf_bar_size
//   sriov numvfs:    device, num_vfs, vf_offset, vf_stride, ctrl, vfs [{k, device, rid, bar0}]
import {
  type EntryWrite,
  type FaultReason,
  type IommuError,
  type IommuEvent,
  type WalkStep,
  bdfText,
  exhaustive,
  hex,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

/** Each fault reason's name, as QEMU's VTDFaultReason comments give it (hw-facts-2 §2.5). */
export const FAULT_NAME: Record<FaultReason, string> = {
  0x1: 'root entry not present',
  0x2: 'context entry not present',
  0x3: 'context entry invalid',
  0x4: 'address beyond the domain width',
  0x5: 'write denied',
  0x6: 'read denied',
  0xa: 'root entry reserved bits set',
  0xb: 'context entry reserved bits set',
  0xc: 'paging entry reserved bits set',
  0x21: 'IRTE index beyond the table',
  0x22: 'IRTE not present',
  0x26: 'invalid source-ID',
}

export const frHex = (fr: number): string => `0x${fr.toString(16).toUpperCase()}`

const writeJson = (w: EntryWrite): JsonObject => ({
  table: w.table,
  addr: hex(w.addr),
  index: w.index,
  lo: hex(w.lo),
  hi: w.hi === null ? null : hex(w.hi),
})

const stepJson = (st: WalkStep): JsonObject =>
  st.kind === 'cache'
    ? { cache: st.cache, hit: st.hit }
    : {
        table: st.table,
        level: st.level,
        addr: hex(st.addr),
        index: st.index,
        lo: hex(st.lo),
        hi: st.hi === null ? null : hex(st.hi),
      }

const perm = (r: boolean, w: boolean): string => (r && w ? 'rw' : r ? 'r' : 'w')

export function iommuEventJson(e: IommuEvent): JsonObject {
  switch (e.kind) {
    case 'iommu.enable':
      return {
        rtaddr: hex(e.rtaddr),
        irta: hex(e.irta),
        irt_entries: e.irtEntries,
        gsts: hex(e.gsts),
      }
    case 'iommu.domain':
      return {
        domain: { did: e.did, aw: e.width, levels: e.levels, slptptr: hex(e.root), vm: e.vm },
      }
    case 'iommu.attach':
      return {
        attach: { device: bdfText(e.rid), did: e.did, tt: e.tt, writes: e.writes.map(writeJson) },
      }
    case 'iommu.map':
      return {
        map: {
          did: e.did,
          iova: hex(e.iova),
          hpa: hex(e.hpa),
          pages: e.pages,
          perm: perm(e.read, e.write),
          tables_allocated: e.tables,
          leaves: e.leaves.map((l) => ({ addr: hex(l.addr), index: l.index, lo: hex(l.lo) })),
          vm: e.vm,
        },
      }
    case 'iommu.unmap':
      return { did: e.did, iova: hex(e.iova), pages: e.pages, stale_iotlb: e.stale }
    case 'iommu.invalidate':
      return {
        cache: e.cache,
        scope: e.scope,
        did: e.did,
        device: e.rid === null ? null : bdfText(e.rid),
        iova: e.iova === null ? null : hex(e.iova),
        register: hex(e.register),
        dropped: e.dropped,
      }
    case 'iommu.poke':
      return { addr: hex(e.addr), old: hex(e.old), value: hex(e.value) }
    case 'iommu.fault-clear':
      return { cleared: e.cleared }
    case 'iommu.device':
      return { device: bdfText(e.rid), bar0: hex(e.bar0), size: hex(e.size) }
    case 'iommu.vm':
      return { vm: e.name, pages: e.pages, hpa_base: hex(e.base) }
    // A request's lookups and reads are all in its last event's "walk".
    case 'iommu.cache':
    case 'iommu.ref':
      return {}
    case 'iommu.dma':
      return {
        walk: e.steps.map(stepJson),
        dma: {
          device: bdfText(e.sid),
          iova: hex(e.iova),
          access: e.write ? 'write' : 'read',
          hpa: hex(e.hpa),
          via: e.via,
          did: e.did,
          owner: e.owner,
        },
      }
    case 'iommu.fault':
      return {
        walk: e.steps.map(stepJson),
        fault: {
          device: bdfText(e.sid),
          iova: hex(e.iova),
          access: e.write ? 'write' : 'read',
          msi: e.msi,
          fr: frHex(e.fr),
          fr_name: FAULT_NAME[e.fr],
          record: e.index,
          record_lo: hex(e.record.lo),
          record_hi: hex(e.record.hi),
          would_hit: e.wouldHit,
        },
      }
    case 'iommu.interrupt':
      return {
        walk: e.steps.map(stepJson),
        interrupt: { device: bdfText(e.sid), handle: e.handle, vector: e.vector, cpu: e.dest },
      }
    case 'vfio.group':
      return {
        group: {
          device: bdfText(e.rid),
          group: e.group,
          vm: e.vm,
          did: e.did,
          new_domain: e.newDomain,
        },
      }
    case 'vfio.bar':
      return {
        bar: {
          device: bdfText(e.rid),
          vm: e.vm,
          gpa: hex(e.gpa),
          hpa: hex(e.hpa),
          size: hex(e.size),
        },
      }
    case 'vfio.msi':
      return {
        device: bdfText(e.rid),
        handle: e.handle,
        vector: e.vector,
        cpu: e.dest,
        msi_addr: hex(e.msiAddr),
        irte: writeJson(e.irte),
      }
    case 'vfio.touch':
      return {
        device: bdfText(e.rid),
        vm: e.vm,
        what: e.what,
        offset: hex(BigInt(e.offset)),
        gpa: e.gpa === null ? null : hex(e.gpa),
        hpa: e.hpa === null ? null : hex(e.hpa),
        exits: [...e.exits],
      }
    case 'sriov.pf':
      return {
        device: bdfText(e.rid),
        total_vfs: e.total,
        vf_offset: hex(BigInt(e.offset)),
        vf_stride: e.stride,
        vf_bar0: hex(e.vfBar0),
        vf_bar_size: hex(e.vfBarSize),
      }
    case 'sriov.enable':
      return {
        device: bdfText(e.rid),
        num_vfs: e.numVfs,
        vf_offset: hex(BigInt(e.offset)),
        vf_stride: e.stride,
        ctrl: hex(BigInt(e.ctrl)),
        vfs: e.vfs.map((v) => ({
          k: v.k,
          device: bdfText(v.rid),
          rid: hex(BigInt(v.rid)),
          bar0: hex(v.bar0),
        })),
      }
    // Listed in its sriov.enable's "vfs".
    case 'sriov.vf':
      return {}
    default:
      return exhaustive(e)
  }
}

const tableName = (t: 'root' | 'context' | 'sl' | 'irte', level: number): string =>
  t === 'root'
    ? 'root entry'
    : t === 'context'
      ? 'context entry'
      : t === 'irte'
        ? 'IRTE'
        : `SL level-${level} entry`

export function iommuEventText(e: IommuEvent): string {
  switch (e.kind) {
    case 'iommu.enable':
      return `VT-d on: RTADDR ${hex(e.rtaddr)}, IRTA ${hex(e.irta)} (${e.irtEntries} IRTEs), GSTS ${hex(e.gsts)} (TE, SRTP, IRE, SIRTP)`
    case 'iommu.domain':
      return `domain ${e.did}${e.vm === null ? '' : ` (guest ${e.vm})`}: ${e.width}-bit, ${e.levels}-level second-level tables at ${hex(e.root)}`
    case 'iommu.attach':
      return `${bdfText(e.rid)} -> domain ${e.did} (TT ${e.tt}): ${e.writes.map((w) => `${tableName(w.table, w.level)}[${w.index}] at ${hex(w.addr)} = ${hex(w.lo)}`).join(', ')}`
    case 'iommu.map':
      return `${e.vm === null ? '' : `VFIO_IOMMU_MAP_DMA for ${e.vm}: `}domain ${e.did} IOVA ${hex(e.iova)} -> HPA ${hex(e.hpa)}, ${e.pages} page${e.pages === 1 ? '' : 's'} ${perm(e.read, e.write)}, ${e.tables} table${e.tables === 1 ? '' : 's'} allocated`
    case 'iommu.unmap':
      return `domain ${e.did} IOVA ${hex(e.iova)}: ${e.pages} leaf entr${e.pages === 1 ? 'y' : 'ies'} cleared; ${e.stale} IOTLB entr${e.stale === 1 ? 'y' : 'ies'} still stale`
    case 'iommu.invalidate':
      return `${e.cache === 'context' ? 'CCMD' : 'IOTLB'} ${hex(e.register)}: ${e.scope} invalidation, ${e.dropped} entr${e.dropped === 1 ? 'y' : 'ies'} dropped`
    case 'iommu.poke':
      return `IOMMU memory ${hex(e.addr)}: ${hex(e.old)} -> ${hex(e.value)}`
    case 'iommu.fault-clear':
      return `fault records cleared (${e.cleared})`
    case 'iommu.device':
      return `device ${bdfText(e.rid)}: BAR0 ${hex(e.bar0)} (${hex(e.size)} bytes)`
    case 'iommu.vm':
      return `guest ${e.name}: ${e.pages} pages at HPA ${hex(e.base)}`
    case 'iommu.cache':
      return `${e.cache === 'context' ? 'context cache' : 'IOTLB'} ${e.hit ? 'hit' : 'miss'} for ${bdfText(e.sid)}${e.cache === 'iotlb' ? ` page ${hex(e.iova >> 12n)} of domain ${e.did}` : ''}`
    case 'iommu.ref':
      return `${tableName(e.table, e.level)}[${e.index}] at ${hex(e.addr)} = ${hex(e.lo)}${e.hi === null ? '' : ` ${hex(e.hi)}`}`
    case 'iommu.dma':
      return `DMA ${e.write ? 'write' : 'read'} ${bdfText(e.sid)} IOVA ${hex(e.iova)} -> HPA ${hex(e.hpa)} (${e.via})${e.owner === null ? '' : `, ${e.owner}'s RAM`}`
    case 'iommu.fault':
      return `DMAR fault ${frHex(e.fr)} (${FAULT_NAME[e.fr]}) ${bdfText(e.sid)} ${e.msi ? 'MSI' : `${e.write ? 'write' : 'read'} ${hex(e.iova)}`}: ${e.index === null ? 'record still full, FSTS.PFO set' : `record ${e.index} = ${hex(e.record.hi)} ${hex(e.record.lo)}`}`
    case 'iommu.interrupt':
      return `MSI from ${bdfText(e.sid)} handle ${e.handle} -> vector ${hex(BigInt(e.vector))} on CPU ${e.dest}`
    case 'vfio.group':
      return `VFIO: ${bdfText(e.rid)} in IOMMU group ${e.group} joins ${e.vm}'s container (domain ${e.did}${e.newDomain ? ', new' : ''})`
    case 'vfio.bar':
      return `VFIO: BAR0 of ${bdfText(e.rid)} (HPA ${hex(e.hpa)}) mapped into ${e.vm} at GPA ${hex(e.gpa)}`
    case 'vfio.msi':
      return `IRTE ${e.handle} = ${hex(e.irte.lo)} ${hex(e.irte.hi ?? 0n)} (vector ${hex(BigInt(e.vector))}, CPU ${e.dest}, SID ${bdfText(e.rid)}); MSI address ${hex(e.msiAddr)}`
    case 'vfio.touch':
      return e.what === 'bar'
        ? `${e.vm} writes BAR0+${hex(BigInt(e.offset))}: GPA ${hex(e.gpa ?? 0n)} -> HPA ${hex(e.hpa ?? 0n)}, no exit`
        : `${e.vm} reads config ${hex(BigInt(e.offset))}: exits ${e.exits.join(', ')} to QEMU (VFIO region 7)`
    case 'sriov.pf':
      return `PF ${bdfText(e.rid)}: TotalVFs ${e.total}, First VF Offset ${hex(BigInt(e.offset))}, VF Stride ${e.stride}, VF BAR0 ${hex(e.vfBar0)} x ${hex(e.vfBarSize)}`
    case 'sriov.enable':
      return `PF ${bdfText(e.rid)}: NumVFs ${e.numVfs}, CTRL ${hex(BigInt(e.ctrl))}`
    case 'sriov.vf':
      return `VF${e.k} = ${bdfText(e.rid)} (RID ${hex(BigInt(e.rid))}), BAR0 ${hex(e.bar0)}`
    default:
      return exhaustive(e)
  }
}

export function describeIommuError(e: IommuError): string {
  switch (e.code) {
    case 'not-enabled':
      return "VT-d is off: 'iommu on' first"
    case 'already-enabled':
      return 'VT-d is already on'
    case 'no-domain':
      return `no domain ${e.did}: 'iommu domain ${e.did}' first`
    case 'domain-exists':
      return `domain ${e.did} exists already`
    case 'bad-did':
      return `domain id ${e.did} is out of range`
    case 'misaligned':
      return `${e.what === 'iova' ? 'IOVA' : e.what === 'hpa' ? 'HPA' : 'address'} ${hex(e.addr)} is not aligned (${e.what === 'addr' ? '8 bytes' : '4 KiB'})`
    case 'iova-too-wide':
      return `IOVA ${hex(e.iova)} and its pages do not fit in the domain's ${e.width}-bit width`
    case 'hpa-too-wide':
      return `HPA ${hex(e.hpa)} is beyond the 48-bit host address width`
    case 'not-mapped':
      return `domain ${e.did} has no mapping at IOVA ${hex(e.iova)}`
    case 'no-device':
      return `no device at ${bdfText(e.rid)}: 'iommu device' or 'sriov numvfs' first`
    case 'device-exists':
      return `a device is already at ${bdfText(e.rid)}`
    case 'no-vm':
      return `no guest ${e.name}: 'iommu vm ${e.name} pages=N' first`
    case 'vm-exists':
      return `guest ${e.name} exists already`
    case 'too-many-pages':
      return `${e.pages} pages is more than the model assigns (${e.max})`
    case 'assigned':
      return `${bdfText(e.rid)} is assigned to ${e.vm}`
    case 'not-assigned':
      return `${bdfText(e.rid)} is not assigned to a guest: 'vfio assign' first`
    case 'no-msi':
      return `${bdfText(e.rid)} has no MSI programmed: 'vfio msi' first, or give handle=`
    case 'irt-full':
      return `the interrupt-remapping table is full (${e.entries} entries)`
    case 'not-pf':
      return `${bdfText(e.rid)} has no SR-IOV capability: 'sriov pf' first`
    case 'too-many-vfs':
      return `sriov_numvfs: ${e.numVfs} is more than TotalVFs ${e.total}: -ERANGE, no VF created (Linux sriov_numvfs_store)`
    case 'vfs-enabled':
      return `${e.numVfs} VFs already enabled on ${bdfText(e.rid)}: write 0 first (-EBUSY)`
    case 'vf-clash':
      return `a VF would land at ${bdfText(e.rid)}, where a device already is (or beyond bus 0xff)`
    case 'bar-offset':
      return `offset ${hex(BigInt(e.offset))} is outside the ${hex(e.size)}-byte region (config: dword-aligned, below 0x100)`
    default:
      return exhaustive(e)
  }
}

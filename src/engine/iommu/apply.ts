// The VT-d / VFIO / SR-IOV ops: build the IOMMU's tables as a driver does, translate devices'
// requests as hardware does, assign devices to guests as VFIO does and enable virtual functions
// as Linux does. Refusals are values, never exceptions.
import { type Hpa, hpa } from '../core/addr.ts'
import { type Result, err, ok } from '../core/result.ts'
import type { IommuError } from './errors.ts'
import type { EntryWrite, IommuEvent } from './events.ts'
import type { IommuOp } from './ops.ts'
import {
  PRESENT,
  contextHi,
  contextLo,
  irteHi,
  irteLo,
  leafAddr,
  mapPages,
  msiAddress,
  ownerOf,
  read64,
  remapInterrupt,
  rootEntry,
  translate,
  writeAll,
} from './tables.ts'
import {
  ADDR_MASK,
  type Device,
  type Domain,
  type DomainWidth,
  FAULT_RECORDS,
  IRT_ENTRIES,
  type IommuState,
  VM_MAX_PAGES,
  awOfWidth,
  levelsOfAw,
  widthOfAw,
} from './types.ts'

export interface IommuStep {
  readonly state: IommuState
  readonly events: readonly IommuEvent[]
}

type R = Result<IommuStep, IommuError>

/** GSTS bits (QEMU intel_iommu_internal.h): TE 31, SRTP 30, IRE 25, SIRTP 24. */
export const GSTS = { te: 1n << 31n, srtp: 1n << 30n, ire: 1n << 25n, sirtp: 1n << 24n } as const
/** SR-IOV CTRL bits (LX-pci): VFE 0, VF MSE 3. */
export const SRIOV_CTRL = { vfe: 1, mse: 1 << 3 } as const
/** Where VFIO places a guest's first assigned BAR: in the PCI hole at 2 GiB (model's choice). */
export const GUEST_BAR_BASE = 0x8000_0000n

const step = (state: IommuState, events: readonly IommuEvent[]): R => ok({ state, events })

function newDomain(
  s: IommuState,
  did: number,
  width: DomainWidth,
  vm: string | null,
): { state: IommuState; domain: Domain; event: IommuEvent } {
  const root = hpa(s.nextTable)
  const domain: Domain = { did, width, root, vm, mapped: 0 }
  return {
    state: { ...s, nextTable: s.nextTable + 0x1000n, domains: [...s.domains, domain] },
    domain,
    event: {
      kind: 'iommu.domain',
      did,
      width,
      levels: levelsOfAw(awOfWidth(width)),
      root,
      vm,
      cite: 'vtd-slpte',
    },
  }
}

/** Writes rid's context entry, and its bus's root entry (with a fresh context table) if absent. */
function attach(
  s: IommuState,
  rid: number,
  d: Domain,
  tt: number,
): { state: IommuState; event: IommuEvent } {
  const rt = s.rtaddr as Hpa
  const bus = rid >> 8
  const devfn = rid & 0xff
  const ra = rt + 16n * BigInt(bus)
  const writes: EntryWrite[] = []
  let nextTable = s.nextTable
  let rlo = read64(s.mem, ra)
  const words: [bigint, bigint][] = []
  if ((rlo & PRESENT) === 0n) {
    const ctp = hpa(nextTable)
    nextTable += 0x1000n
    rlo = rootEntry(ctp)
    words.push([ra, rlo])
    writes.push({ table: 'root', level: 0, addr: hpa(ra), index: bus, lo: rlo, hi: 0n })
  }
  const ca = (rlo & ADDR_MASK) + 16n * BigInt(devfn)
  const lo = contextLo(d.root, tt)
  const hi = contextHi(d.did, awOfWidth(d.width))
  words.push([ca, lo], [ca + 8n, hi])
  writes.push({ table: 'context', level: 0, addr: hpa(ca), index: devfn, lo, hi })
  const info = { rid, did: d.did, tt, addr: hpa(ca) }
  return {
    state: {
      ...s,
      mem: writeAll(s.mem, words),
      nextTable,
      contexts: [...s.contexts.filter((c) => c.rid !== rid), info],
    },
    event: { kind: 'iommu.attach', rid, did: d.did, tt, writes, cite: 'vtd-context' },
  }
}

const domainOf = (s: IommuState, did: number): Domain | undefined =>
  s.domains.find((d) => d.did === did)
const deviceOf = (s: IommuState, rid: number): Device | undefined =>
  s.devices.find((d) => d.rid === rid)
/** Adds `n` (or removes) 4 KiB leaves to a domain's count. */
const addMapped = (s: IommuState, did: number, n: number): IommuState => ({
  ...s,
  domains: s.domains.map((d) => (d.did === did ? { ...d, mapped: d.mapped + n } : d)),
})
const setDevice = (s: IommuState, d: Device): IommuState => ({
  ...s,
  devices: s.devices.map((x) => (x.rid === d.rid ? d : x)),
})

function countPresent(s: IommuState, d: Domain, iova: bigint, pages: number): number {
  let n = 0
  for (let p = 0; p < pages; p++) {
    const a = leafAddr(s.mem, d.root, awOfWidth(d.width), iova + BigInt(p) * 4096n)
    if (a !== null && read64(s.mem, a) !== 0n) n++
  }
  return n
}

function checkRange(d: Domain, iova: bigint, pages: number): IommuError | null {
  if ((iova & 0xfffn) !== 0n) return { code: 'misaligned', what: 'iova', addr: iova }
  const width = widthOfAw(awOfWidth(d.width))
  if (iova + BigInt(pages) * 4096n > 1n << BigInt(width))
    return { code: 'iova-too-wide', iova, width }
  return null
}

export function applyIommu(s: IommuState, op: IommuOp): R {
  const owner = (a: bigint): string | null => ownerOf(s, a)
  switch (op.kind) {
    case 'iommu.enable': {
      if (s.enabled) return err({ code: 'already-enabled' })
      const rtaddr = hpa(s.nextTable)
      const irta = hpa(s.nextTable + 0x1000n)
      const gsts = GSTS.te | GSTS.srtp | GSTS.ire | GSTS.sirtp
      return step({ ...s, enabled: true, rtaddr, irta, nextTable: s.nextTable + 0x2000n }, [
        { kind: 'iommu.enable', rtaddr, irta, irtEntries: IRT_ENTRIES, gsts, cite: 'vtd-gcmd' },
      ])
    }
    case 'iommu.domain': {
      if (!s.enabled) return err({ code: 'not-enabled' })
      if (domainOf(s, op.did)) return err({ code: 'domain-exists', did: op.did })
      const n = newDomain(s, op.did, op.width, null)
      return step(n.state, [n.event])
    }
    case 'iommu.attach': {
      if (!s.enabled) return err({ code: 'not-enabled' })
      const d = domainOf(s, op.did)
      if (!d) return err({ code: 'no-domain', did: op.did })
      const a = attach(s, op.rid, d, op.tt)
      return step(a.state, [a.event])
    }
    case 'iommu.map': {
      const d = domainOf(s, op.did)
      if (!d) return err({ code: 'no-domain', did: op.did })
      const bad = checkRange(d, op.iova, op.pages)
      if (bad) return err(bad)
      if ((op.hpa & 0xfffn) !== 0n) return err({ code: 'misaligned', what: 'hpa', addr: op.hpa })
      if (op.hpa + BigInt(op.pages) * 4096n > 1n << 48n)
        return err({ code: 'hpa-too-wide', hpa: op.hpa })
      const m = mapPages(
        s,
        d.root,
        awOfWidth(d.width),
        op.iova,
        op.hpa,
        op.pages,
        op.read,
        op.write,
      )
      // A page mapped again replaces its leaf: count only leaves that were empty.
      const fresh = m.leaves.length - countPresent(s, d, op.iova, op.pages)
      return step(addMapped(m.state, op.did, fresh), [
        {
          kind: 'iommu.map',
          did: op.did,
          iova: op.iova,
          hpa: op.hpa,
          pages: op.pages,
          read: op.read,
          write: op.write,
          tables: m.tables,
          leaves: m.leaves,
          vm: null,
          cite: 'vtd-slpte',
        },
      ])
    }
    case 'iommu.unmap': {
      const d = domainOf(s, op.did)
      if (!d) return err({ code: 'no-domain', did: op.did })
      const bad = checkRange(d, op.iova, op.pages)
      if (bad) return err(bad)
      const words: [bigint, bigint][] = []
      for (let p = 0; p < op.pages; p++) {
        const va = op.iova + BigInt(p) * 4096n
        const a = leafAddr(s.mem, d.root, awOfWidth(d.width), va)
        if (a === null || read64(s.mem, a) === 0n)
          return err({ code: 'not-mapped', did: op.did, iova: va })
        words.push([a, 0n])
      }
      const first = op.iova >> 12n
      const stale = s.iotlb.filter(
        (t) => t.did === op.did && t.page >= first && t.page < first + BigInt(op.pages),
      ).length
      return step(addMapped({ ...s, mem: writeAll(s.mem, words) }, op.did, -op.pages), [
        {
          kind: 'iommu.unmap',
          did: op.did,
          iova: op.iova,
          pages: op.pages,
          stale,
          cite: 'vtd-iotlb',
        },
      ])
    }
    case 'iommu.invalidate': {
      const g = op.scope === 'global' ? 1n : op.scope === 'domain' ? 2n : 3n
      const did = BigInt(op.did ?? 0)
      let register: bigint
      let dropped: number
      let next: IommuState
      if (op.cache === 'context') {
        // CCMD: ICC 63, CIRG 62:61, SID 31:16, DID 15:0.
        register = (1n << 63n) | (g << 61n) | (BigInt(op.rid ?? 0) << 16n) | did
        const keep = s.contextCache.filter((c) =>
          op.scope === 'global'
            ? false
            : op.scope === 'domain'
              ? c.did !== op.did
              : c.sid !== op.rid,
        )
        dropped = s.contextCache.length - keep.length
        next = { ...s, contextCache: keep }
      } else {
        // IOTLB register: IVT 63, IIRG 61:60, DID 47:32 (the page goes in IVA).
        register = (1n << 63n) | (g << 60n) | (did << 32n)
        const page = (op.iova ?? 0n) >> 12n
        const keep = s.iotlb.filter((t) =>
          op.scope === 'global'
            ? false
            : op.scope === 'domain'
              ? t.did !== op.did
              : !(t.did === op.did && t.page === page),
        )
        dropped = s.iotlb.length - keep.length
        next = { ...s, iotlb: keep }
      }
      return step(next, [
        {
          kind: 'iommu.invalidate',
          cache: op.cache,
          scope: op.scope,
          did: op.did,
          rid: op.rid,
          iova: op.iova,
          register,
          dropped,
          cite: 'vtd-iotlb',
        },
      ])
    }
    case 'iommu.poke': {
      if ((op.addr & 7n) !== 0n) return err({ code: 'misaligned', what: 'addr', addr: op.addr })
      const old = read64(s.mem, op.addr)
      return step({ ...s, mem: writeAll(s.mem, [[op.addr, op.value]]) }, [
        { kind: 'iommu.poke', addr: op.addr, old, value: op.value, cite: 'vtd-slpte' },
      ])
    }
    case 'iommu.fault-clear': {
      const cleared = s.faults.filter((f) => f !== null).length
      return step(
        {
          ...s,
          faults: Array.from({ length: FAULT_RECORDS }, () => null),
          nextRecord: 0,
          pfo: false,
        },
        [{ kind: 'iommu.fault-clear', cleared, cite: 'vtd-record' }],
      )
    }
    case 'iommu.device': {
      if (deviceOf(s, op.rid)) return err({ code: 'device-exists', rid: op.rid })
      const dev: Device = {
        rid: op.rid,
        kind: 'endpoint',
        bar0: op.bar0,
        barSize: op.size,
        pf: null,
        k: null,
        vm: null,
        group: null,
        msi: null,
      }
      return step({ ...s, devices: [...s.devices, dev] }, [
        { kind: 'iommu.device', rid: op.rid, bar0: op.bar0, size: op.size, cite: 'vtd-root' },
      ])
    }
    case 'iommu.vm': {
      if (s.vms.some((v) => v.name === op.name)) return err({ code: 'vm-exists', name: op.name })
      if (op.pages > VM_MAX_PAGES)
        return err({ code: 'too-many-pages', pages: op.pages, max: VM_MAX_PAGES })
      const base = hpa(s.nextRam)
      // Each guest's RAM starts on a 2 MiB boundary, after the previous guest's.
      const next = s.nextRam + ((BigInt(op.pages) * 4096n + 0x1f_ffffn) & ~0x1f_ffffn)
      return step(
        {
          ...s,
          nextRam: next,
          vms: [...s.vms, { name: op.name, pages: op.pages, base, did: null, bars: [] }],
        },
        [{ kind: 'iommu.vm', name: op.name, pages: op.pages, base, cite: 'vfio-map' }],
      )
    }
    case 'iommu.dma': {
      const t = translate(s, { sid: op.rid, iova: op.iova, write: op.write }, owner)
      return step(t.state, t.events)
    }
    case 'iommu.msi': {
      if (!s.enabled) return err({ code: 'not-enabled' })
      const dev = deviceOf(s, op.rid)
      const handle = op.handle ?? dev?.msi?.handle ?? null
      if (handle === null) return err({ code: 'no-msi', rid: op.rid })
      const t = remapInterrupt(s, op.rid, handle)
      return step(t.state, t.events)
    }
    case 'vfio.assign': {
      if (!s.enabled) return err({ code: 'not-enabled' })
      const dev = deviceOf(s, op.rid)
      if (!dev) return err({ code: 'no-device', rid: op.rid })
      if (dev.vm !== null) return err({ code: 'assigned', rid: op.rid, vm: dev.vm })
      const vm = s.vms.find((v) => v.name === op.vm)
      if (!vm) return err({ code: 'no-vm', name: op.vm })
      const events: IommuEvent[] = []
      let st = s
      let d: Domain
      const fresh = vm.did === null
      if (vm.did === null) {
        // One domain per guest (one VFIO container): the next free domain id.
        const did = Math.max(0, ...s.domains.map((x) => x.did)) + 1
        const n = newDomain(st, did, 48, vm.name)
        st = n.state
        d = n.domain
      } else {
        d = domainOf(st, vm.did) as Domain
      }
      const group = st.nextGroup
      events.push({
        kind: 'vfio.group',
        rid: op.rid,
        group,
        vm: vm.name,
        did: d.did,
        newDomain: fresh,
        cite: 'vfio-map',
      })
      if (fresh) {
        events.push({
          kind: 'iommu.domain',
          did: d.did,
          width: d.width,
          levels: levelsOfAw(awOfWidth(d.width)),
          root: d.root,
          vm: vm.name,
          cite: 'vtd-slpte',
        })
        // VFIO_IOMMU_MAP_DMA of all guest RAM: IOVA = guest-physical -> the guest's host pages.
        const m = mapPages(st, d.root, awOfWidth(d.width), 0n, vm.base, vm.pages, true, true)
        st = addMapped(m.state, d.did, vm.pages)
        events.push({
          kind: 'iommu.map',
          did: d.did,
          iova: 0n,
          hpa: vm.base,
          pages: vm.pages,
          read: true,
          write: true,
          tables: m.tables,
          leaves: m.leaves,
          vm: vm.name,
          cite: 'vfio-map',
        })
      }
      const a = attach(st, op.rid, d, 0)
      st = a.state
      events.push(a.event)
      // QEMU mmaps BAR0 (region 0) and maps it into the guest at a naturally aligned GPA.
      let gpa = GUEST_BAR_BASE
      for (const b of vm.bars) {
        const end = b.gpa + b.size
        if (end > gpa) gpa = end
      }
      gpa = (gpa + dev.barSize - 1n) & ~(dev.barSize - 1n)
      const bar = { rid: op.rid, gpa, hpa: dev.bar0, size: dev.barSize }
      events.push({
        kind: 'vfio.bar',
        rid: op.rid,
        vm: vm.name,
        gpa,
        hpa: dev.bar0,
        size: dev.barSize,
        cite: 'vfio-regions',
      })
      st = {
        ...setDevice(st, { ...dev, vm: vm.name, group }),
        nextGroup: group + 1,
        vms: st.vms.map((v) =>
          v.name === vm.name ? { ...v, did: d.did, bars: [...v.bars, bar] } : v,
        ),
      }
      return step(st, events)
    }
    case 'vfio.msi': {
      const dev = deviceOf(s, op.rid)
      if (!dev) return err({ code: 'no-device', rid: op.rid })
      if (dev.vm === null) return err({ code: 'not-assigned', rid: op.rid })
      if (s.irta === null) return err({ code: 'not-enabled' })
      const handle = dev.msi?.handle ?? s.nextIrte
      if (handle >= IRT_ENTRIES) return err({ code: 'irt-full', entries: IRT_ENTRIES })
      const a = s.irta + 16n * BigInt(handle)
      const lo = irteLo(op.vector, op.dest)
      const hi = irteHi(op.rid)
      const st = setDevice(
        {
          ...s,
          mem: writeAll(s.mem, [
            [a, lo],
            [a + 8n, hi],
          ]),
          nextIrte: dev.msi === null ? s.nextIrte + 1 : s.nextIrte,
        },
        { ...dev, msi: { handle, vector: op.vector, dest: op.dest } },
      )
      return step(st, [
        {
          kind: 'vfio.msi',
          rid: op.rid,
          handle,
          vector: op.vector,
          dest: op.dest,
          msiAddr: msiAddress(handle),
          irte: { table: 'irte', level: 0, addr: hpa(a), index: handle, lo, hi },
          cite: 'vtd-ir',
        },
      ])
    }
    case 'vfio.touch': {
      const dev = deviceOf(s, op.rid)
      if (!dev) return err({ code: 'no-device', rid: op.rid })
      if (dev.vm === null) return err({ code: 'not-assigned', rid: op.rid })
      const vm = s.vms.find((v) => v.name === dev.vm)
      const bar = vm?.bars.find((b) => b.rid === op.rid)
      if (op.what === 'config') {
        if (op.offset > 0xfc || op.offset % 4 !== 0)
          return err({ code: 'bar-offset', offset: op.offset, size: 256n })
        return step(s, [
          {
            kind: 'vfio.touch',
            rid: op.rid,
            vm: dev.vm,
            what: 'config',
            offset: op.offset,
            gpa: null,
            hpa: null,
            exits: [30, 30],
            cite: 'kvm-exit-io',
          },
        ])
      }
      if (!bar || BigInt(op.offset) >= dev.barSize)
        return err({ code: 'bar-offset', offset: op.offset, size: dev.barSize })
      return step(s, [
        {
          kind: 'vfio.touch',
          rid: op.rid,
          vm: dev.vm,
          what: 'bar',
          offset: op.offset,
          gpa: bar.gpa + BigInt(op.offset),
          hpa: hpa(dev.bar0 + BigInt(op.offset)),
          exits: [],
          cite: 'vfio-regions',
        },
      ])
    }
    case 'sriov.pf': {
      if (deviceOf(s, op.rid)) return err({ code: 'device-exists', rid: op.rid })
      const pf: Device = {
        rid: op.rid,
        kind: 'pf',
        bar0: op.bar0,
        barSize: op.vfBarSize,
        pf: null,
        k: null,
        vm: null,
        group: null,
        msi: null,
      }
      const cap = {
        pf: op.rid,
        total: op.total,
        numVfs: 0,
        offset: op.offset,
        stride: op.stride,
        enabled: false,
        vfBar0: op.vfBar0,
        vfBarSize: op.vfBarSize,
      }
      return step({ ...s, devices: [...s.devices, pf], sriov: [...s.sriov, cap] }, [
        {
          kind: 'sriov.pf',
          rid: op.rid,
          total: op.total,
          offset: op.offset,
          stride: op.stride,
          vfBar0: op.vfBar0,
          vfBarSize: op.vfBarSize,
          cite: 'sriov-cap',
        },
      ])
    }
    case 'sriov.enable': {
      const cap = s.sriov.find((c) => c.pf === op.rid)
      if (!cap) return err({ code: 'not-pf', rid: op.rid })
      // sriov_numvfs_store: above TotalVFs is -ERANGE; VFs already on must be disabled first.
      if (op.numVfs > cap.total)
        return err({ code: 'too-many-vfs', numVfs: op.numVfs, total: cap.total })
      const vfs = s.devices.filter((d) => d.pf === op.rid)
      if (op.numVfs !== 0 && cap.numVfs !== 0)
        return err({ code: 'vfs-enabled', rid: op.rid, numVfs: cap.numVfs })
      const busy = vfs.find((d) => d.vm !== null)
      if (op.numVfs === 0 && busy)
        return err({ code: 'assigned', rid: busy.rid, vm: busy.vm ?? '' })
      const events: IommuEvent[] = []
      const added: Device[] = []
      for (let k = 0; k < op.numVfs; k++) {
        const rid = op.rid + cap.offset + k * cap.stride
        if (rid > 0xffff || deviceOf(s, rid) || added.some((d) => d.rid === rid))
          return err({ code: 'vf-clash', rid: rid & 0xffff })
        const bar0 = hpa(cap.vfBar0 + BigInt(k) * cap.vfBarSize)
        added.push({
          rid,
          kind: 'vf',
          bar0,
          barSize: cap.vfBarSize,
          pf: op.rid,
          k,
          vm: null,
          group: null,
          msi: null,
        })
        events.push({
          kind: 'sriov.vf',
          pf: op.rid,
          k,
          rid,
          bar0,
          size: cap.vfBarSize,
          cite: 'sriov-rid',
        })
      }
      const ctrl = op.numVfs > 0 ? SRIOV_CTRL.vfe | SRIOV_CTRL.mse : 0
      events.unshift({
        kind: 'sriov.enable',
        rid: op.rid,
        numVfs: op.numVfs,
        offset: cap.offset,
        stride: cap.stride,
        ctrl,
        vfs: added.map((d) => ({ k: d.k ?? 0, rid: d.rid, bar0: d.bar0 })),
        cite: 'sriov-enable',
      })
      return step(
        {
          ...s,
          devices: [...s.devices.filter((d) => d.pf !== op.rid), ...added],
          sriov: s.sriov.map((c) =>
            c.pf === op.rid ? { ...c, numVfs: op.numVfs, enabled: op.numVfs > 0 } : c,
          ),
        },
        events,
      )
    }
  }
}

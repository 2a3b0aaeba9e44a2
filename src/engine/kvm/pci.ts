// PCI configuration space (PCI Local Bus 3.0 §6) and the routing of BAR ranges to a device
// model: what a guest reads through ports 0xCF8/0xCFC and where its MMIO and port accesses go.

/** One base address register as firmware left it (and the guest may re-program). */
export interface Bar {
  readonly index: number
  readonly space: 'mem' | 'io'
  /** Size in bytes, a power of two: sizing reads back ~(size - 1). */
  readonly size: number
  /** The register's address bits as last written (base, low bits forced by the type). */
  readonly base: number
}

/** A capability in the linked list at 0x34 (MSI: ID 0x05; PCI 3.0 §6.7-6.8). */
export interface PciCap {
  readonly id: number
  /** The bytes after ID and next pointer. */
  readonly body: readonly number[]
}

export interface PciFunction {
  readonly bus: number
  readonly dev: number
  readonly fn: number
  readonly vendor: number
  readonly device: number
  readonly revision: number
  /** Base class, subclass, programming interface (0x020000: Ethernet). */
  readonly classCode: number
  readonly subsystemVendor: number
  readonly subsystem: number
  /** Command register: I/O space 0, memory space 1, bus master 2. */
  readonly command: number
  readonly cacheLine: number
  readonly intLine: number
  /** 1 = INTA#. */
  readonly intPin: number
  readonly bars: readonly Bar[]
  readonly caps: readonly PciCap[]
}

export const PCI_CMD = { IO: 0x1, MEM: 0x2, MASTER: 0x4 } as const
export const PCI_STATUS_CAP_LIST = 0x10
/** Configuration mechanism #1 (PCI 3.0 §3.2.2.3.2). */
export const CONFIG_ADDRESS_PORT = 0xcf8
export const CONFIG_DATA_PORT = 0xcfc

/**
 * The MSI capability body (PCI 3.0 §6.8.1), 64-bit address: message control, address low,
 * address high, data. For devices that have one; QEMU's e1000 has none.
 */
export function msiCapability(msgControl: number, addr: number, data: number): PciCap {
  const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff)
  return {
    id: 0x05,
    body: [...le(msgControl | 0x80, 2), ...le(addr, 4), ...le(0, 4), ...le(data, 2)],
  }
}

/** The 256-byte configuration space of a function, as the guest would read it. */
export function configSpace(f: PciFunction): number[] {
  const c = Array<number>(256).fill(0)
  const put = (off: number, v: number, n: number) => {
    for (let i = 0; i < n; i++) c[off + i] = Math.floor(v / 2 ** (8 * i)) & 0xff
  }
  put(0x00, f.vendor, 2)
  put(0x02, f.device, 2)
  put(0x04, f.command, 2)
  put(0x06, f.caps.length > 0 ? PCI_STATUS_CAP_LIST : 0, 2)
  put(0x08, f.revision, 1)
  put(0x09, f.classCode, 3)
  put(0x0c, f.cacheLine, 1)
  for (const b of f.bars)
    put(0x10 + 4 * b.index, b.space === 'io' ? (b.base & ~0x3) | 0x1 : b.base & ~0xf, 4)
  put(0x2c, f.subsystemVendor, 2)
  put(0x2e, f.subsystem, 2)
  put(0x3c, f.intLine, 1)
  put(0x3d, f.intPin, 1)
  // Capabilities from 0x40 up, each pointing to the next (0 ends the list).
  let at = 0x40
  if (f.caps.length > 0) put(0x34, at, 1)
  f.caps.forEach((cap, i) => {
    const len = (2 + cap.body.length + 3) & ~3
    put(at, cap.id, 1)
    put(at + 1, i + 1 < f.caps.length ? at + len : 0, 1)
    cap.body.forEach((b, j) => put(at + 2 + j, b, 1))
    at += len
  })
  return c
}

/** A dword of configuration space (mechanism #1 reads whole dwords at reg & 0xFC). */
export const configDword = (f: PciFunction, reg: number): number => {
  const c = configSpace(f)
  const o = reg & 0xfc
  return (
    ((c[o] ?? 0) | ((c[o + 1] ?? 0) << 8) | ((c[o + 2] ?? 0) << 16) | ((c[o + 3] ?? 0) << 24)) >>> 0
  )
}

/**
 * A guest write of a configuration dword: the command register and the BARs are writable
 * (a BAR keeps its size's alignment, so writing all ones reads back the size mask).
 */
export function writeConfig(f: PciFunction, reg: number, value: number): PciFunction {
  const o = reg & 0xfc
  if (o === 0x04) return { ...f, command: value & 0x0407 }
  if (o === 0x3c) return { ...f, intLine: value & 0xff }
  const b = f.bars.find((x) => 0x10 + 4 * x.index === o)
  if (!b) return f
  const mask = ~(b.size - 1) >>> 0
  return { ...f, bars: f.bars.map((x) => (x === b ? { ...b, base: (value & mask) >>> 0 } : x)) }
}

/** CONFIG_ADDRESS (0xCF8): enable bit 31, bus 23:16, device 15:11, function 10:8, register 7:2. */
export const configAddress = (bus: number, dev: number, fn: number, reg: number): number =>
  (0x8000_0000 | (bus << 16) | (dev << 11) | (fn << 8) | (reg & 0xfc)) >>> 0
export const decodeConfigAddress = (v: number) => ({
  enabled: (v & 0x8000_0000) !== 0,
  bus: (v >>> 16) & 0xff,
  dev: (v >>> 11) & 0x1f,
  fn: (v >>> 8) & 0x7,
  reg: v & 0xfc,
})

/** Which BAR of `f` decodes an access, if its space is enabled in the command register. */
export function barHit(
  f: PciFunction,
  space: 'mem' | 'io',
  addr: number,
): { bar: Bar; offset: number } | null {
  if (!(f.command & (space === 'mem' ? PCI_CMD.MEM : PCI_CMD.IO))) return null
  for (const bar of f.bars) {
    if (bar.space !== space || bar.base === 0) continue
    if (addr >= bar.base && addr < bar.base + bar.size) return { bar, offset: addr - bar.base }
  }
  return null
}

export const functionBdfText = (f: Pick<PciFunction, 'bus' | 'dev' | 'fn'>): string =>
  `${f.bus.toString(16).padStart(2, '0')}:${f.dev.toString(16).padStart(2, '0')}.${f.fn}`

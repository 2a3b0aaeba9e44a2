import { type Op, type PageSize, gpa, gva, hpa } from '../../engine/index.ts'
import type { ArgReader } from '../args.ts'
import type { CommandDef } from '../registry.ts'

const SIZES = ['4K', '2M', '1G'] as const satisfies readonly PageSize[]

const onOff = (a: ArgReader): boolean => a.word('on or off', ['on', 'off']) === 'on'

export const addrSpaceCommands: readonly CommandDef[] = [
  {
    words: ['vm'],
    usage: 'vm NAME',
    topic: 'guests',
    summary: {
      en: 'Create a guest (on first use) and make it the one later commands act on.',
      zh: '创建一个客户机(首次使用时),并让后续命令作用于它。',
    },
    example: 'vm guest1',
    parse: (a): Op => {
      const name = a.name('a guest name')
      a.done()
      return name.toLowerCase() === 'native' ? { kind: 'vm.native' } : { kind: 'vm.select', name }
    },
  },
  {
    words: ['map'],
    usage: 'map VA PA [w] [u] [nx] [g] [size=4K|2M|1G]',
    topic: 'memory',
    summary: {
      en: 'The OS maps virtual address VA to physical address PA in its own page table (guest-physical inside a guest).',
      zh: '操作系统在自己的页表中把虚拟地址 VA 映射到物理地址 PA(在客户机中是客户机物理地址)。',
    },
    example: 'map 0x7000 0xa000 w',
    parse: (a): Op => {
      const va = a.number('a virtual address')
      const pa = a.number('a physical address')
      const f = a.flags(['w', 'u', 'nx', 'g'])
      const size = a.option('size', SIZES) ?? '4K'
      a.done()
      return {
        kind: 'map',
        va: gva(va),
        pa: gpa(pa),
        size,
        writable: f.has('w'),
        user: f.has('u'),
        noExecute: f.has('nx'),
        global: f.has('g'),
      }
    },
  },
  {
    words: ['host', 'map'],
    usage: 'host map GPA HPA [r][w][x] [size=4K|2M|1G]',
    topic: 'memory',
    summary: {
      en: "The hypervisor backs the current guest's physical address GPA with machine address HPA (default rwx).",
      zh: '虚拟机监控器用机器地址 HPA 支撑当前客户机的物理地址 GPA(默认 rwx)。',
    },
    example: 'host map 0xa000 0x14000 rw',
    parse: (a): Op => {
      const g = a.number('a guest-physical address')
      const h = a.number('a host-physical address')
      const perms = a.optional((t) => (/^(r?w?x?)$/.test(t) && t.length > 0 ? t : null)) ?? 'rwx'
      const size = a.option('size', SIZES) ?? '4K'
      a.done()
      return {
        kind: 'host.map',
        gpa: gpa(g),
        hpa: hpa(h),
        size,
        read: perms.includes('r'),
        write: perms.includes('w'),
        execute: perms.includes('x'),
      }
    },
  },
  {
    words: ['access'],
    usage: 'access VA [read|write|fetch] [user|kernel]',
    topic: 'memory',
    summary: {
      en: 'One memory access through the current translation (default: read, kernel).',
      zh: '通过当前的地址转换进行一次内存访问(默认:读,内核态)。',
    },
    example: 'access 0x7123 write user',
    parse: (a): Op => {
      const va = a.number('a virtual address')
      const intent =
        a.optional((t) => (t === 'read' || t === 'write' || t === 'fetch' ? t : null)) ?? 'read'
      const mode = a.optional((t) => (t === 'user' || t === 'kernel' ? t : null)) ?? 'kernel'
      a.done()
      return { kind: 'access', va: gva(va), intent, mode }
    },
  },
  {
    words: ['cr0.wp'],
    usage: 'cr0.wp on|off',
    topic: 'control',
    summary: {
      en: 'CR0.WP: when on, kernel-mode writes to read-only pages fault too.',
      zh: 'CR0.WP:打开时,内核态写只读页也会触发缺页异常。',
    },
    example: 'cr0.wp off',
    parse: (a): Op => {
      const on = onOff(a)
      a.done()
      return { kind: 'control', bit: 'cr0.wp', on }
    },
  },
  {
    words: ['efer.nxe'],
    usage: 'efer.nxe on|off',
    topic: 'control',
    summary: {
      en: 'EFER.NXE: when on, the nx flag forbids instruction fetches from a page.',
      zh: 'EFER.NXE:打开时,nx 标志禁止从该页取指令。',
    },
    example: 'efer.nxe off',
    parse: (a): Op => {
      const on = onOff(a)
      a.done()
      return { kind: 'control', bit: 'efer.nxe', on }
    },
  },
]

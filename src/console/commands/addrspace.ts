import { type Op, type PageSize, gpa, hpa } from '../../engine/index.ts'
import type { CommandDef } from '../registry.ts'

// `map`, `access`, `cr0.wp` and `efer.nxe` are rows of commands/paging.ts: one row each, and
// engine/apply.ts turns their op into this model's op while a guest is selected.
const SIZES = ['4K', '2M', '1G'] as const satisfies readonly PageSize[]

export const addrSpaceCommands: readonly CommandDef[] = [
  {
    words: ['vm'],
    usage: 'vm NAME',
    topic: 'guests',
    summary: {
      en: 'Create a guest (on first use) and make it the one later commands act on.',
      zh: '创建一个客户机（首次使用时），并让后续命令作用于它。',
    },
    example: 'vm guest1',
    parse: (a): Op => {
      const name = a.name('a guest name')
      a.done()
      return name.toLowerCase() === 'native' ? { kind: 'vm.native' } : { kind: 'vm.select', name }
    },
  },
  {
    words: ['host', 'map'],
    usage: 'host map GPA HPA [r][w][x] [size=4K|2M|1G]',
    topic: 'memory',
    summary: {
      en: "The hypervisor backs the current guest's physical address GPA with machine address HPA (default rwx).",
      zh: '虚拟机监控器用机器地址 HPA 支撑当前客户机的物理地址 GPA（默认 `rwx`）。',
    },
    example: 'host map 0xa000 0x14000 rw',
    parse: (a): Op => {
      const g = a.address('a guest-physical address')
      const h = a.address('a host-physical address')
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
]

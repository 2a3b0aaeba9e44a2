// Console rows of the virtualized machine (CONSOLE.md): `mmu KIND` and `host poke`.
// `host map` is the addrspace row; engine/apply.ts sends it to the MMU in force when no
// `vm` is selected.
import { MMU_KINDS, type VirtOp, hpa } from '../../engine/index.ts'
import type { CommandDef } from '../registry.ts'
import { storeSizeOption } from './paging.ts'

export const virtCommands: readonly CommandDef<VirtOp>[] = [
  {
    words: ['mmu'],
    usage: 'mmu native|shadow|ept|xen-pv',
    topic: 'memory',
    summary: {
      en: 'Choose who translates guest addresses: native paging, shadow page tables, EPT (nested paging) or Xen PV direct paging. Starts a fresh machine.',
      zh: '选择由谁转换客户机地址：原生分页、影子页表、EPT（嵌套分页）或 Xen 半虚拟化直接分页。会重新开始一台新机器。',
    },
    example: 'mmu ept',
    parse: (a): VirtOp => {
      const mmu = a.word('an MMU kind', MMU_KINDS)
      a.done()
      return { kind: 'virt.mmu', mmu }
    },
  },
  {
    words: ['host', 'poke'],
    usage: 'host poke HPA VALUE [size=1|2|4|8]',
    topic: 'memory',
    summary: {
      en: 'The hypervisor writes VALUE at host-physical address HPA, little-endian (default 8 bytes): how EPT and shadow tables are built by hand.',
      zh: '虚拟机监控器把 VALUE 以小端序写到宿主机物理地址 HPA（默认 8 字节）：用来手工构造 EPT 表和影子页表。',
    },
    example: 'host poke 0x50000 0x51007',
    parse: (a): VirtOp => {
      const addr = hpa(a.address('a host-physical address'))
      const value = a.number('a value')
      const size = storeSizeOption(a)
      a.done()
      return { kind: 'virt.host-poke', addr, value, size }
    },
  },
]

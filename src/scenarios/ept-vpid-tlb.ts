import type { Phase } from './types.ts'

// hw-facts §7: the TLB caches combined (guest-virtual -> host-physical) mappings tagged with a
// VPID. VPID 0000H is the host's: without VPID every VM exit and entry flushes those mappings,
// so the guest pays 24 references again after each exit. With VPID they survive, other VPIDs
// cannot use them, and INVVPID removes them by tag.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: [
      'mmu ept',
      'map 0x7000 0x400000 w',
      'host map 0x100000 0x8100000 rwx',
      'host map 0x101000 0x8101000 rwx',
      'host map 0x102000 0x8102000 rwx',
      'host map 0x103000 0x8103000 rwx',
      'host map 0x400000 0x8400000 rw',
      'access 0x7123',
    ].join('\n'),
    say: {
      en: 'VPID is off. The first access misses and walks 24 references; the TLB now holds the combined translation, tagged 0 (the host’s tag).',
      zh: 'VPID 关闭。第一次访问未命中，走了 24 次访问；TLB 中现在有这条组合转换，标记为 0（宿主机的标记）。',
    },
    title: { en: 'The first walk, tag 0', zh: '首次遍历，标记为 0' },
    setup: true,
  },
  {
    id: 'no-vpid',
    questions: [{ step: 3, kind: 'tlb-hit' }],
    script: 'ept world-switch\naccess 0x7123',
    say: {
      en: 'The guest exits to the hypervisor (a timer, an I/O port) and is resumed. Without VPID the CPU cannot tell guest entries from host entries, so the transition flushed them: the same access pays 24 references again.',
      zh: '客户机退出到虚拟机监控器（定时器、I/O 端口）后又被恢复。没有 VPID 时，CPU 分不清客户机和宿主机的表项，因此这次切换清空了它们：同样的访问又要付出 24 次访问。',
    },
    title: { en: 'No VPID: exits flush', zh: '没有 VPID：退出即刷新' },
  },
  {
    id: 'vpid',
    questions: [{ step: 30, kind: 'tlb-hit' }],
    script: 'vpid 1\naccess 0x7123\nept world-switch\naccess 0x7123',
    say: {
      en: 'With VPID 1 the entry is tagged 1. After the exit and re-entry it is still there: a TLB hit, 0 references.',
      zh: '有了 VPID 1，表项带上标记 1。退出并重新进入之后它依然在：TLB 命中，0 次访问。',
    },
    title: { en: 'VPID 1 survives an exit', zh: 'VPID 1 的表项跨退出保留' },
  },
  {
    id: 'other-vm',
    questions: [
      { step: 2, kind: 'tlb-hit' },
      { step: 30, kind: 'tlb-hit' },
    ],
    script: 'vpid 2\naccess 0x7123\nvpid 1\naccess 0x7123',
    say: {
      en: 'Another vCPU with VPID 2 cannot use VPID 1’s entry (a miss and its own walk); back on VPID 1 the old entry still hits. Both live in the TLB side by side.',
      zh: 'VPID 为 2 的另一个 vCPU 不能使用 VPID 1 的表项（未命中，自己遍历）；回到 VPID 1 时旧表项仍然命中。两者在 TLB 中并存。',
    },
    title: { en: 'VPID 2 beside VPID 1', zh: 'VPID 2 与 VPID 1 并存' },
  },
  {
    id: 'invvpid',
    questions: [{ step: 2, kind: 'tlb-hit' }],
    script: 'ept invvpid single 1\naccess 0x7123',
    say: {
      en: 'INVVPID type 1 (single context) drops every entry tagged VPID 1 and leaves VPID 2’s alone: the next access under VPID 1 walks again.',
      zh: 'INVVPID 类型 1（单上下文）清除所有标记为 VPID 1 的表项，VPID 2 的不受影响：VPID 1 下的下一次访问又要重新遍历。',
    },
    title: { en: 'INVVPID single context', zh: 'INVVPID 单上下文' },
  },
]

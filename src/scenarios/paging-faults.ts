import type { Phase } from './types.ts'

// hw-facts §1.5: #PF error code bit 0 P (0 = not present, 1 = protection), bit 1 W/R (write),
// bit 2 U/S (user access), bit 3 RSVD, bit 4 I/D (fetch, reported with EFER.NXE or CR4.SMEP).
// §1.4: with CR0.WP=1 a supervisor write to a read-only page faults.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: `map 0x7000 0xa000 w u
map 0x8000 0xb000 u
map 0x9000 0xc000 w
efer.nxe on
map 0x6000 0xd000 w nx`,
    say: {
      en: 'Four pages: 0x7000 user read/write, 0x8000 user read-only, 0x9000 kernel only, and with EFER.NXE on, 0x6000 marked XD (no execute).',
      zh: '四个页：0x7000 用户可读写，0x8000 用户只读，0x9000 仅内核可用；打开 EFER.NXE 后，0x6000 被标记为 XD（不可执行）。',
    },
    title: { en: 'Four test pages', zh: '映射四个测试页' },
    setup: true,
  },
  {
    id: 'not-present',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'access 0x5000 write user',
    say: {
      en: 'A user write to 0x5000, which has no mapping: the PTE has P=0. Error code 0x6 = W/R (a write) + U/S (from user mode); P=0 says the page was not present.',
      zh: '用户态写 0x5000，它没有映射：PTE 的 P=0。错误码 0x6 = W/R（写访问）+ U/S（用户态）；P=0 表示页不存在。',
    },
    title: { en: 'Not present (0x6)', zh: '页不存在（0x6）' },
  },
  {
    id: 'read-only',
    questions: [{ step: 2, kind: 'pf-error-code' }],
    script: `cr0.wp on
access 0x8000 write kernel`,
    say: {
      en: 'With CR0.WP=1 even the kernel may not write a read-only page. Error code 0x3 = P (protection violation) + W/R (write); U/S is 0 because the access came from the kernel.',
      zh: 'CR0.WP=1 时，即使内核也不能写只读页。错误码 0x3 = P（保护违例）+ W/R（写访问）；访问来自内核，所以 U/S 为 0。',
    },
    title: { en: 'Write to a read-only page (0x3)', zh: '写只读页（0x3）' },
  },
  {
    id: 'user-kernel',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'access 0x9000 read user',
    say: {
      en: 'A user read of the kernel page 0x9000 (U/S=0 in its PTE). Error code 0x5 = P + U/S: the page is present but user mode may not touch it.',
      zh: '用户态读取内核页 0x9000（其 PTE 中 U/S=0）。错误码 0x5 = P + U/S：页存在，但用户态无权访问。',
    },
    title: { en: 'User reads a kernel page (0x5)', zh: '用户态读内核页（0x5）' },
  },
  {
    id: 'nx-fetch',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'access 0x6000 fetch kernel',
    say: {
      en: 'The kernel fetches an instruction from 0x6000, whose PTE has XD=1. With EFER.NXE on, the error code is 0x11 = P + I/D (instruction fetch).',
      zh: '内核从 0x6000 取指令，该页 PTE 的 XD=1。EFER.NXE 打开时，错误码为 0x11 = P + I/D（取指）。',
    },
    title: { en: 'Fetch from an XD page (0x11)', zh: '从 XD 页取指（0x11）' },
  },
  {
    id: 'reserved-bit',
    questions: [{ step: 2, kind: 'pf-error-code' }],
    script: `efer.nxe off
access 0x6000 read kernel`,
    say: {
      en: 'EFER.NXE off: bit 63 (XD) is now a reserved bit, and the PTE of 0x6000 has it set. Even a kernel read faults, with error code 0x9 = P + RSVD: the entry is present but malformed.',
      zh: '关闭 EFER.NXE 后，第 63 位（XD）变成保留位，而 0x6000 的 PTE 恰好设置了它。即使内核读也会出错，错误码 0x9 = P + RSVD：表项存在但格式非法。',
    },
    title: { en: 'Reserved bit set (0x9)', zh: '保留位被置位（0x9）' },
  },
  {
    id: 'smep',
    questions: [{ step: 3, kind: 'pf-error-code' }],
    script: `cr4.smep on
access 0x7000 fetch kernel`,
    say: {
      en: 'CR4.SMEP on: the kernel may not execute code from a user page (U/S=1 at every level). The fetch from 0x7000 faults with 0x11 = P + I/D; I/D is reported because SMEP is on, even with NXE off.',
      zh: '打开 CR4.SMEP：内核不能执行用户页（各级 U/S=1）中的代码。从 0x7000 取指出错，错误码 0x11 = P + I/D；即使 NXE 关闭，SMEP 打开时也会报告 I/D 位。',
    },
    title: { en: 'SMEP (0x11)', zh: 'SMEP（0x11）' },
  },
  {
    id: 'smap',
    questions: [
      { step: 2, kind: 'pf-error-code' },
      { step: 9, kind: 'access-outcome' },
    ],
    script: `cr4.smap on
access 0x7000 read kernel
eflags.ac on
access 0x7000 read kernel`,
    say: {
      en: 'CR4.SMAP on: the kernel may not even read a user page by accident: error code 0x1 = P (a kernel read of a present page). Setting EFLAGS.AC (what STAC does before copy_from_user) lets the same read through.',
      zh: '打开 CR4.SMAP：内核连意外读取用户页都不行：错误码 0x1 = P（内核读一个存在的页）。设置 EFLAGS.AC（copy_from_user 之前 STAC 做的事）后，同样的读取就能通过。',
    },
    title: { en: 'SMAP and EFLAGS.AC (0x1)', zh: 'SMAP 与 EFLAGS.AC（0x1）' },
  },
  {
    id: 'pkeys',
    questions: [{ step: 13, kind: 'pf-error-code' }],
    // SDM3 §4.6.2; hw-facts §1.4 (PKRU AD bit 2k, WD bit 2k+1) and §1.5 (error-code bit 5 PK).
    script: `map 0x4000 0xe000 w u pkey=1
cr4.pke on
pkru 0x8
access 0x4000 read user
access 0x4000 write user
pkru 0x4
access 0x4000 read user`,
    say: {
      en: 'Protection keys: the user page 0x4000 gets key 1 in PTE bits 62:59 and CR4.PKE goes on. PKRU 0x8 sets WD for key 1 (bit 3): a user read passes, the write faults with 0x27 = P + W/R + U/S + PK (bit 5). PKRU 0x4 sets AD instead (bit 2): now even the read faults, 0x25. Changing PKRU flushes nothing: the key is cached with the translation and checked on every access.',
      zh: '保护键：用户页 0x4000 在 PTE 第 62:59 位得到键 1，并打开 CR4.PKE。PKRU 0x8 为键 1 设置 WD（第 3 位）：用户态读可以通过，写则出错，错误码 0x27 = P + W/R + U/S + PK（第 5 位）。PKRU 0x4 改为设置 AD（第 2 位）：这时连读也出错，错误码 0x25。修改 PKRU 不刷新任何东西：键随转换一起缓存，每次访问都检查。',
    },
    title: { en: 'Protection keys (0x27, 0x25)', zh: '保护键（0x27、0x25）' },
  },
]

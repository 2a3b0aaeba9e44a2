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
      zh: '四个页:0x7000 用户可读写,0x8000 用户只读,0x9000 仅内核可用;打开 EFER.NXE 后,0x6000 被标记为 XD(不可执行)。',
    },
  },
  {
    id: 'not-present',
    script: 'access 0x5000 write user',
    say: {
      en: 'A user write to 0x5000, which has no mapping: the PTE has P=0. Error code 0x6 = W/R (a write) + U/S (from user mode); P=0 says the page was not present.',
      zh: '用户态写 0x5000,它没有映射:PTE 的 P=0。错误码 0x6 = W/R(写访问)+ U/S(用户态);P=0 表示页不存在。',
    },
  },
  {
    id: 'read-only',
    script: `cr0.wp on
access 0x8000 write kernel`,
    say: {
      en: 'With CR0.WP=1 even the kernel may not write a read-only page. Error code 0x3 = P (protection violation) + W/R (write); U/S is 0 because the access came from the kernel.',
      zh: 'CR0.WP=1 时,即使内核也不能写只读页。错误码 0x3 = P(保护违例)+ W/R(写访问);访问来自内核,所以 U/S 为 0。',
    },
  },
  {
    id: 'user-kernel',
    script: 'access 0x9000 read user',
    say: {
      en: 'A user read of the kernel page 0x9000 (U/S=0 in its PTE). Error code 0x5 = P + U/S: the page is present but user mode may not touch it.',
      zh: '用户态读取内核页 0x9000(其 PTE 中 U/S=0)。错误码 0x5 = P + U/S:页存在,但用户态无权访问。',
    },
  },
  {
    id: 'nx-fetch',
    script: 'access 0x6000 fetch kernel',
    say: {
      en: 'The kernel fetches an instruction from 0x6000, whose PTE has XD=1. With EFER.NXE on, the error code is 0x11 = P + I/D (instruction fetch).',
      zh: '内核从 0x6000 取指令,该页 PTE 的 XD=1。EFER.NXE 打开时,错误码为 0x11 = P + I/D(取指)。',
    },
  },
]

import type { Phase } from './types.ts'

// A checkpoint is the migration stream written to a file (hw-facts-2 §3.6: Xen's xl save is
// the migration stream to a file, non-live; QEMU's savevm and migration to a file likewise):
// every page of RAM plus the vCPU state, saved at one point, loaded back later.
export const phases: readonly Phase[] = [
  {
    id: 'vm',
    setup: true,
    script: 'migrate vm 262144 wws=30000 dirty=20000',
    say: {
      en: 'The 1 GiB VM of the pre-copy lesson: 262,144 pages of 4 KiB, a workload of 20,000 stores a second over its first 30,000 pages. The link is QEMU’s default 128 MiB/s.',
      zh: '预拷贝那一课里的 1 GiB 虚拟机：262,144 个 4 KiB 页，负载每秒写 20,000 次，落在前 30,000 个页上。链路是 QEMU 默认的 128 MiB/s。',
    },
    title: { en: 'A running VM', zh: '一台运行中的虚拟机' },
  },
  {
    id: 'run',
    questions: [{ step: 1, kind: 'guest-stores' }],
    script: 'migrate guest 1000',
    say: {
      en: 'The guest runs for a second: 20,000 stores change its pages. Its memory and its vCPU’s position in the workload are its state.',
      zh: '客户机运行一秒：20,000 次写改变了它的页。它的内存以及 vCPU 在负载中的位置，就是它的状态。',
    },
    title: { en: 'The guest runs', zh: '客户机运行' },
  },
  {
    id: 'save',
    questions: [{ step: 1, kind: 'checkpoint-pages' }],
    script: 'migrate checkpoint before.img',
    say: {
      en: 'A checkpoint is the migration stream sent into a file: the VM is paused, every page goes out once (nothing changes while it is paused, so there are no rounds and no dirty log), then the vCPU state. 1 GiB at 128 MiB/s takes 8 s. With copy-on-write on RAM a hypervisor can let the guest run on while the file is written; this model pauses, as xl save does.',
      zh: '检查点就是写进文件的迁移流：虚拟机暂停，每个页发出一次（暂停期间什么都不会变，所以没有多轮拷贝，也不需要脏页记录），然后是 vCPU 状态。1 GiB 按 128 MiB/s 需要 8 秒。如果对内存使用写时复制，虚拟机监控器可以在写文件的同时让客户机继续运行；本模型像 `xl save` 一样暂停客户机。',
    },
    title: { en: 'Save: the stream into a file', zh: '保存：把迁移流写进文件' },
  },
  {
    id: 'more',
    questions: [{ step: 1, kind: 'guest-stores' }],
    script: 'migrate guest 2000',
    say: {
      en: 'The guest runs on for two more seconds. Its memory drifts away from the file: the panel counts the pages that now differ from before.img.',
      zh: '客户机又运行了两秒。它的内存与文件渐行渐远：面板统计现在与 before.img 不同的页。',
    },
    title: { en: 'The guest runs on', zh: '客户机继续运行' },
  },
  {
    id: 'restore',
    questions: [{ step: 1, kind: 'checkpoint-pages' }],
    script: 'migrate restore before.img',
    say: {
      en: 'Restore reads the stream back: every page and the vCPU state replace the running ones. The pages changed since the checkpoint return to their saved contents and the 40,000 later stores are undone; the guest continues from store 20,000, as if the last two seconds had never happened.',
      zh: '恢复时把迁移流读回：每个页和 vCPU 状态都取代正在运行的那些。检查点之后改变的页回到保存时的内容，之后的 40,000 次写被撤销；客户机从第 20,000 次写处继续，就像最后两秒从未发生过。',
    },
    title: { en: 'Restore', zh: '恢复' },
  },
]

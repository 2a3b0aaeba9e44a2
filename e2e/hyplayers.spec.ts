import type { Page } from 'playwright/test'
import { runScript } from '../src/console/index.ts'
import { countPath, pathOf } from '../src/engine/index.ts'
import { CATALOGUE, scenarioScript } from '../src/scenarios/index.ts'
import { phases } from '../src/scenarios/cpu-where-hypervisor-lives.ts'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// Where the hypervisor lives (issue 16): the layer diagram of each design with the CPU marker
// moving hop by hop, the hosted design's two worlds and the state a world switch saves, the
// taxonomy and comparison tables, in English, Chinese and presenter mode; every step pressed
// through in both languages. Steps come from the catalogue and the model, not literals.

const ID = 'cpu-where-hypervisor-lives'
const TOTAL = CATALOGUE.find((s) => s.id === ID)?.steps ?? 0
const { source, phaseOf } = scenarioScript({
  id: ID,
  topic: 'vmx',
  title: { en: '', zh: '' },
  summary: { en: '', zh: '' },
  panels: [],
  phases,
})
const FRAMES = runScript(source, { phaseOf }).trace.frames
/** The 1-based step of the first frame that matches. */
const stepOf = (p: (f: (typeof FRAMES)[number]) => boolean): number => FRAMES.findIndex(p) + 1
const hopStep = (design: string, how: string, n = 1): number => {
  const hits = FRAMES.flatMap((f, i) =>
    f.event.kind === 'hyp.hop' && f.event.design === design && f.event.hop.how === how
      ? [i + 1]
      : [],
  )
  return hits[n - 1] ?? 0
}

const layers = (page: Page) => page.getByTestId('io-layers')

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' })

test('the steps are the catalogue’s', () => {
  expect(FRAMES).toHaveLength(TOTAL)
  expect(hopStep('hosted', 'world-switch')).toBeGreaterThan(0)
})

test('hosted: the CPU marker crosses from the VMM world to the host world and back', async ({
  page,
}) => {
  const first = stepOf((f) => f.phaseId === 'hosted')
  const last = FRAMES.findLastIndex((f) => f.phaseId === 'hosted') + 1
  await page.goto(`/?lang=en#/${ID}/${first}`)
  await expect(status(page)).toHaveText(`Step ${first} of ${TOTAL}`)
  const l = layers(page)
  await expect(l.getByTestId('io-world-vmm')).toContainText('(on the CPU)')
  await expect(l.getByTestId('io-layer-guest')).toContainText('the CPU is here')
  for (let step = first + 1; step <= last; step++) {
    await page.keyboard.press('ArrowRight')
    await expect(status(page)).toHaveText(`Step ${step} of ${TOTAL}`)
    const f = FRAMES[step - 1]
    if (f?.event.kind !== 'hyp.hop') continue
    // The marker sits on the layer the model says the CPU is in after this hop.
    await expect(l.getByTestId(`io-layer-${f.event.hop.at}`)).toContainText('the CPU is here')
    await expect(l.getByTestId('io-cpu')).toHaveCount(1)
    if (step === hopStep('hosted', 'world-switch')) {
      await expect(l.getByTestId('io-hop-now')).toContainText(
        'world switch: VMM world → host world',
      )
      await expect(l.getByTestId('io-world-host')).toContainText('(on the CPU)')
      await expect(l.getByTestId('io-world-vmm')).toContainText('(saved)')
      await expect(l.getByTestId('hyp-switched')).toContainText('CR3')
      await expect(l.getByTestId('hyp-switched')).toContainText('IDTR')
      await expect(l.getByTestId('hyp-switched')).toContainText('GDTR')
      await expect(l.getByTestId('hyp-switched')).toContainText('approximate')
      await shot(page, 'hyplayers-hosted-world-switch-en')
      await expectAxeClean(page)
    }
    if (f.event.hop.device) await expect(l.getByTestId('io-device')).toBeVisible()
  }
  await expect(l.getByTestId('io-world-vmm')).toContainText('(on the CPU)')
  await expect(l.getByTestId('io-hops').locator('li.io-hop')).toHaveCount(7)
  await expect(l.getByTestId('io-counts')).toContainText('world switches: 2')
})

test('ESX, Xen and KVM: each hop’s reason where the model puts it', async ({ page }) => {
  await page.goto(`/?lang=en#/${ID}/${hopStep('esx', 'driver')}`)
  const l = layers(page)
  await expect(l.getByTestId('io-layer-esx')).toContainText('the CPU is here')
  await expect(l.getByTestId('io-hop-now')).toContainText('ESX’s own NIC driver sends the frame')
  await expect(l.getByTestId('io-world-vmm')).toHaveCount(0)
  await page.goto(`/?lang=en#/${ID}/${hopStep('xen', 'hypercall', 2)}`)
  await expect(l.getByTestId('io-layer-xen')).toContainText('the CPU is here')
  await expect(l.getByTestId('io-hop-now')).toContainText(
    'hypercall 20 (grant_table_op, GNTTABOP_copy)',
  )
  await shot(page, 'hyplayers-xen-en')
  await page.goto(`/?lang=en#/${ID}/${hopStep('kvm', 'vm-exit')}`)
  await expect(l.getByTestId('io-layer-kvm')).toContainText('the CPU is here')
  await expect(l.getByTestId('io-hop-now')).toContainText(
    'VM exit 30, I/O instruction, qualification 0xc0100001',
  )
  await expect(l.getByTestId('hyp-switched')).toContainText('VMCS')
  await page.keyboard.press('ArrowRight')
  await expect(l.getByTestId('io-layer-qemu')).toContainText('the CPU is here')
  await expect(l.getByTestId('io-hop-now')).toContainText(
    'KVM_RUN returns KVM_EXIT_IO, port 0xc010',
  )
  await shot(page, 'hyplayers-kvm-en')
  await expectAxeClean(page)
})

test('the taxonomy and the comparison, counted from the model', async ({ page }) => {
  await page.goto(`/?lang=en#/${ID}/1`)
  const l = layers(page)
  await expect(l.getByTestId('hyp-tax-kvm')).toContainText('type 2* (contested)')
  await expect(l.getByTestId('hyp-tax-xen')).toContainText('hybrid')
  await expect(l.getByTestId('hyp-kvm-both')).toContainText('bare-metal hypervisor')
  await shot(page, 'hyplayers-taxonomy-en')
  await page.goto(`/?lang=en#/${ID}/${TOTAL}`)
  for (const d of ['esx', 'hosted', 'xen', 'kvm'] as const) {
    const i = { port: 0xc010, value: 1, size: 2 as const }
    await expect(l.getByTestId(`hyp-cmp-${d}-hops`)).toHaveText(
      String(countPath(d, pathOf(d, i)).hops),
    )
  }
  await shot(page, 'hyplayers-compare-en')
  await expectAxeClean(page)
})

test('in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh#/${ID}/${hopStep('hosted', 'world-switch')}`)
  await expect(status(page)).toHaveText(
    `第 ${hopStep('hosted', 'world-switch')} 步，共 ${TOTAL} 步`,
  )
  const l = layers(page)
  await expect(l.getByTestId('io-world-host')).toContainText('宿主世界（正在 CPU 上）')
  await expect(l.getByTestId('io-hop-now')).toContainText('世界切换：VMM 世界 → 宿主世界')
  await expect(l.getByTestId('hyp-switched')).toContainText('CR3、')
  await shot(page, 'hyplayers-hosted-world-switch-zh')
  await expectAxeClean(page)
  await page.goto(`/?lang=zh#/${ID}/1`)
  await expect(l.getByTestId('hyp-tax-kvm')).toContainText('第 2 类*（有争议）')
  await shot(page, 'hyplayers-taxonomy-zh')
  await page.goto(`/?lang=zh#/${ID}/${TOTAL}`)
  await expect(l.getByTestId('hyp-compare')).toContainText('世界切换')
  await shot(page, 'hyplayers-compare-zh')
})

for (const lang of ['en', 'zh'] as const)
  test(`every step pressed through, ${lang}`, async ({ page }) => {
    await page.goto(`/?lang=${lang}#/${ID}/1`)
    await expect(layers(page).getByTestId('hyp-taxonomy')).toBeVisible()
    for (let step = 2; step <= TOTAL; step++) {
      await page.keyboard.press('ArrowRight')
      await expect(status(page)).toHaveText(
        lang === 'en' ? `Step ${step} of ${TOTAL}` : `第 ${step} 步，共 ${TOTAL} 步`,
      )
      await expect(layers(page)).toBeVisible()
    }
  })

test.describe('presenter mode at 1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } })
  test('the world switch and the comparison, large', async ({ page }) => {
    await page.goto(`/?lang=en#/${ID}/${hopStep('hosted', 'world-switch')}`)
    await expect(layers(page).getByTestId('hyp-switched')).toBeVisible()
    await page.keyboard.press('p')
    await expect(page.locator(':root.presenter')).toHaveCount(1)
    const l = layers(page)
    await expect(l.getByTestId('io-world-host')).toContainText('(on the CPU)')
    await shot(page, 'hyplayers-presenter-world-switch')
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight')
    await expect(l.getByTestId('io-layer-guest')).toContainText('the CPU is here')
    await shot(page, 'hyplayers-presenter-hosted-end')
    await page.goto(`/?lang=zh#/${ID}/${TOTAL}`)
    await expect(l.getByTestId('hyp-compare')).toBeVisible()
    await shot(page, 'hyplayers-presenter-compare-zh')
  })
})

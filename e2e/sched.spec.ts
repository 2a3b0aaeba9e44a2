import type { Page } from 'playwright/test'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'

// vCPU scheduling and checkpoints (issue #18): the credit scheduler, the VMCS following its
// vCPU and a checkpoint/restore, in English and Chinese, the step's element marked with
// data-focus, the timeline read by keyboard, presenter mode. Screenshots under test-results.

const CREDIT = 'sched-credit' // 21 steps
const VMCS = 'sched-vmcs-follows' // 35 steps
const CKPT = 'migrate-checkpoint' // 5 steps

const panel = (page: Page) => page.getByTestId('sched')

test.use({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' })

test('credit scheduler: accounting by weight, then the switch, and the timeline by keyboard', async ({
  page,
}) => {
  await page.goto(`/#/${CREDIT}/8`)
  await expect(status(page)).toHaveText('Step 8 of 21')
  const p = panel(page)
  const acct = p.getByTestId('sch-acct')
  await expect(acct).toHaveAttribute('data-focus', 'true')
  await expect(p.locator('[data-focus]')).toHaveCount(1)
  await expect(acct).toContainText('Accounting at 30 ms: 300 credits by weight (total 256)')
  await expect(acct).toContainText('A.0: -200 + 300 = 100 → UNDER')
  await shot(page, 'sched-credit-en-step8')
  await expectAxeClean(page)

  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText('Step 9 of 21')
  await expect(p.getByTestId('sch-pcpu-0')).toHaveAttribute('data-focus', 'true')
  await expect(p.getByTestId('sch-pcpu-0')).toContainText('▶ B.0 BOOST')

  // The weights at work: 60 ms accounting shares 300 credits 200 : 100.
  await page.goto(`/#/${CREDIT}/11`)
  await expect(p.getByTestId('sch-acct')).toContainText('B: fair share 200, 200 per vCPU')
  await expect(p.getByTestId('sch-acct')).toContainText('A: fair share 100, 100 per vCPU')

  const timeline = p.getByTestId('sch-timeline')
  await timeline.focus()
  await page.keyboard.press('Home')
  await expect(p.locator('#sch-help')).toHaveText('pCPU 0: A.0 (loop) from 0 ms to 30 ms')
  await page.keyboard.press('ArrowRight')
  await expect(p.locator('#sch-help')).toHaveText('pCPU 0: B.0 (loop) from 30 ms to 60 ms')
})

test('credit scheduler in Chinese: the shares after 600 ms and the cap', async ({ page }) => {
  await page.goto(`/?lang=zh#/${CREDIT}/13`)
  await expect(status(page)).toHaveText('第 13 步，共 21 步')
  const p = panel(page)
  await expect(p.getByTestId('sch-run')).toHaveText('最近 600 ms 的 CPU 时间：A.0 35%、B.0 65%')
  await expect(p.getByTestId('sch-timeline')).toHaveAttribute('data-focus', 'true')
  await shot(page, 'sched-credit-zh-step13')
  await page.goto(`/?lang=zh#/${CREDIT}/15`)
  await expect(p.getByTestId('sch-run')).toHaveText('最近 615 ms 的 CPU 时间：A.0 75.6%、B.0 24.4%')
  await expectAxeClean(page)
})

test('the VMCS follows its vCPU: VMfailInvalid, then error 5, then VMLAUNCH on pCPU 1', async ({
  page,
}) => {
  await page.goto(`/#/${VMCS}/24`)
  await expect(status(page)).toHaveText('Step 24 of 35')
  await expect(page.getByTestId('narration')).toContainText('VMfailInvalid')
  await page.goto(`/#/${VMCS}/28`)
  await expect(page.getByTestId('narration')).toContainText('error 5')
  const vmx = panel(page).getByTestId('sch-vmx')
  await expect(vmx).toContainText('pCPU 0: VMX root, no current VMCS')
  await expect(vmx).toContainText(
    'pCPU 1: VMX root, current VMCS vcpu0 (clear) ← VT-x commands run here',
  )
  await page.goto(`/#/${VMCS}/30`)
  await expect(vmx).toContainText(
    'pCPU 1: VMX non-root (a guest runs), current VMCS vcpu0 (launched)',
  )
  await shot(page, 'sched-vmcs-en-step30')
  await expectAxeClean(page)
  await page.goto(`/?lang=zh#/${VMCS}/35`)
  await expect(panel(page).getByTestId('sch-run')).toContainText('A.0 70%、A.1 70%、A.2 60%')
  await shot(page, 'sched-vmcs-zh-step35')
})

test('a checkpoint and restore, in English and Chinese', async ({ page }) => {
  await page.goto(`/#/${CKPT}/5`)
  await expect(status(page)).toHaveText('Step 5 of 5')
  const box = page.getByTestId('mig-ckpt')
  await expect(box).toHaveAttribute('data-focus', 'true')
  await expect(box).toContainText(
    'Restored before.img: 22062 pages went back to their saved contents; 40000 stores undone.',
  )
  await shot(page, 'migrate-checkpoint-en-step5')
  await expectAxeClean(page)
  await page.goto(`/?lang=zh#/${CKPT}/4`)
  await expect(box).toContainText(
    '自 before.img 以来：写了 40000 次，现在有 22062 个页与文件不同。',
  )
  await shot(page, 'migrate-checkpoint-zh-step4')
})

test('presenter mode at 1920x1080: the scheduler panel’s text is at least 18 px', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`/#/${CREDIT}/21`)
  await expect(status(page)).toHaveText('Step 21 of 21')
  await page.keyboard.press('p')
  await expect(page.locator(':root.presenter')).toHaveCount(1)
  await expect(page.locator('.panel-loading')).toHaveCount(0)
  const small = await panel(page).evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('p, li, td, th, span, strong, h2, h3')]
      .filter((el) => el.offsetParent !== null && el.textContent?.trim())
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 18)
      .map((el) => `${el.tagName}.${el.className} ${getComputedStyle(el).fontSize}`),
  )
  expect(small).toEqual([])
  await shot(page, 'sched-credit-presenter')
  await expectAxeClean(page)
})

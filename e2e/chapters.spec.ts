import type { Locator, Page } from 'playwright/test'
import { expect, expectAxeClean, shot, status, test } from './fixtures.ts'
import { CATALOGUE } from '../src/scenarios/index.ts'
import { phases as faultPhases } from '../src/scenarios/paging-faults.ts'

// paging-faults grows as the model does: its counts come from the catalogue and its body.
const FAULT_STEPS = CATALOGUE.find((s) => s.id === 'paging-faults')?.steps ?? 0
const FAULT_PHASES = faultPhases.length

// Phases as chapters (issue #13): the table of contents jumps to a phase's first step in
// normal, presenter and embed modes, by mouse and by keyboard alone; Skip setup; the timeline
// shows the phases and names the current one; the script list stays reachable in presenter mode.

const ID = 'ept-2d-walk'
// The phases of ept-2d-walk, in order (src/scenarios/ept-2d-walk.ts).
const TITLES = [
  'The guest builds its tables',
  'The hypervisor fills EPT',
  'The 2-D walk: 24 references',
  'TLB hit',
  'Caches on, filled by a miss',
  'A cached walk: 5 references',
]

const toggle = (page: Page) => page.getByRole('button', { name: /^Chapters/ })
const toc = (page: Page) => page.getByRole('navigation', { name: 'Chapters of this scenario' })
const entry = (page: Page, title: string) =>
  toc(page).getByRole('button', { name: new RegExp(`^\\d+ ?${escape(title)}`) })
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The first step an entry of the list names ("steps 32–62" or "step 63"). */
async function firstStepOf(item: Locator): Promise<number> {
  const m = /steps? (\d+)/.exec((await item.textContent()) ?? '')
  return Number(m?.[1] ?? NaN)
}

/** Which segment of the phase track is marked current, and how many there are. */
const track = (page: Page) =>
  page.getByTestId('phase-track').evaluate((ol) => {
    const segs = [...ol.querySelectorAll('li')]
    return {
      count: segs.length,
      current: segs.findIndex((s) => s.hasAttribute('data-current')),
      // Not by colour alone: the current segment is taller than the others.
      taller: segs.every((s) =>
        s.hasAttribute('data-current')
          ? true
          : s.getBoundingClientRect().height <
            (ol.querySelector('[data-current]')?.getBoundingClientRect().height ?? 0),
      ),
    }
  })

/** Whether a box lies wholly inside the window. */
const inWindow = (
  page: Page,
  box: { x: number; y: number; width: number; height: number } | null,
) => {
  const v = page.viewportSize()
  return (
    box !== null &&
    v !== null &&
    box.x >= -0.5 &&
    box.y >= -0.5 &&
    box.x + box.width <= v.width + 0.5 &&
    box.y + box.height <= v.height + 0.5
  )
}

const noPageScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1)

/** The smallest computed font size of the text inside `selector`. */
const smallestText = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    let min = Infinity
    for (const root of document.querySelectorAll(sel))
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim())
        const box = el.getBoundingClientRect()
        if (own && box.width > 1 && box.height > 1)
          min = Math.min(min, parseFloat(getComputedStyle(el).fontSize))
      }
    return min
  }, selector)

test.describe('at 1280x720', () => {
  test.use({ viewport: { width: 1280, height: 720 } })

  test('the table of contents lists the phases and jumps to one; the URL and the timeline follow', async ({
    page,
  }) => {
    await page.goto(`/#/${ID}/1`)
    await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
    const total = Number(/of (\d+)/.exec((await status(page).textContent()) ?? '')?.[1])
    await expect(toggle(page)).toHaveAttribute('aria-expanded', 'false')
    await expect(toggle(page)).toContainText('1/6')
    await toggle(page).click()
    await expect(toc(page)).toBeVisible()
    const items = toc(page).getByRole('button')
    await expect(items).toHaveCount(TITLES.length)
    for (const [i, title] of TITLES.entries()) await expect(items.nth(i)).toContainText(title)
    await expect(toc(page).locator('button[aria-current="step"]')).toContainText(TITLES[0] ?? '')
    // The list is inside the window, over the stage.
    expect(inWindow(page, await toc(page).boundingBox())).toBe(true)
    expect(await smallestText(page, '.chapters-list')).toBeGreaterThanOrEqual(12)
    await expectAxeClean(page)
    await shot(page, 'chapters-open-1280')

    // The ranges tile the run: each phase starts where the last ended.
    const firsts = await Promise.all(TITLES.map((_, i) => firstStepOf(items.nth(i))))
    expect(firsts[0]).toBe(1)
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b))
    expect(firsts.at(-1)).toBeLessThanOrEqual(total)

    const walk = firsts[2] ?? 0
    await entry(page, 'The 2-D walk: 24 references').click()
    await expect(status(page)).toHaveText(`Step ${walk} of ${total}`)
    await expect(page).toHaveURL(new RegExp(`#/${ID}/${walk}$`))
    await expect(toc(page)).toBeHidden()
    await expect(toggle(page)).toBeFocused()
    await expect(toggle(page)).toContainText('3/6')
    await expect(page.getByTestId('narration')).toContainText('A TLB miss.')
    await expect(page.getByTestId('phase-now')).toContainText('3/6')
    await expect(page.getByTestId('phase-now')).toContainText('The 2-D walk: 24 references')
    expect(await track(page)).toEqual({ count: 6, current: 2, taller: true })
    expect(await smallestText(page, '.step-controls')).toBeGreaterThanOrEqual(12)
    // The title row and the taller controls still leave the stage the window.
    expect(await noPageScroll(page)).toBe(true)
    // The step keys work straight after the jump (focus is on the toggle, a button).
    await page.keyboard.press('PageDown')
    await expect(status(page)).toHaveText(`Step ${walk + 1} of ${total}`)
    // A reload of the URL the jump wrote lands on the same step (the URL follows a frame after
    // the paint: wait for it, as a person's reload comes long after).
    await expect(page).toHaveURL(new RegExp(`#/${ID}/${walk + 1}$`))
    await page.reload()
    await expect(status(page)).toHaveText(`Step ${walk + 1} of ${total}`)
  })

  test('Skip setup goes to the first step after the setup phases, by button and by S', async ({
    page,
  }) => {
    await page.goto(`/#/${ID}/5`)
    await expect(status(page)).toHaveText(/^Step 5 of/)
    const skip = page.getByRole('button', { name: 'Skip setup' })
    const to = Number(/go to step (\d+)/.exec((await skip.getAttribute('title')) ?? '')?.[1])
    expect(to).toBeGreaterThan(15)
    await skip.click()
    await expect(status(page)).toHaveText(new RegExp(`^Step ${to} of`))
    await expect(page).toHaveURL(new RegExp(`#/${ID}/${to}$`))
    await expect(skip).toBeDisabled()
    await expect(page.getByTestId('phase-now')).toContainText('The 2-D walk')
    // The first step after the setup is the walk's first reference: the grid is no longer empty.
    await expect(page.getByText('No guest access yet')).toHaveCount(0)
    await page.keyboard.press('Home')
    await expect(status(page)).toHaveText(/^Step 1 of/)
    await expect(page.getByTestId('phase-now')).toContainText('setup')
    await page.keyboard.press('s')
    await expect(status(page)).toHaveText(new RegExp(`^Step ${to} of`))
    // A scenario without setup shows no Skip setup.
    await page.goto('/#/xen-ring-basics/1')
    await expect(status(page)).toHaveText(/^Step 1 of/)
    await expect(toggle(page)).toBeVisible()
    await expect(page.getByRole('button', { name: 'Skip setup' })).toHaveCount(0)
  })

  test('the timeline marks every phase in turn; ] and [ move by phase', async ({ page }) => {
    await page.goto('/#/paging-faults/1')
    await expect(status(page)).toHaveText(`Step 1 of ${FAULT_STEPS}`)
    await toggle(page).click()
    const items = toc(page).getByRole('button')
    const n = await items.count()
    expect(n).toBe(FAULT_PHASES)
    const titles: string[] = []
    const firsts: number[] = []
    for (let i = 0; i < n; i++) {
      firsts.push(await firstStepOf(items.nth(i)))
      titles.push(((await items.nth(i).locator('.chapter-title').textContent()) ?? '').trim())
    }
    await page.keyboard.press('Escape')
    await expect(toc(page)).toBeHidden()
    for (let i = 0; i < n; i++) {
      if (i > 0) await page.keyboard.press(']')
      await expect(status(page)).toHaveText(`Step ${firsts[i]} of ${FAULT_STEPS}`)
      await expect(page.getByTestId('phase-now')).toContainText(`${i + 1}/${n}`)
      await expect(page.getByTestId('phase-now')).toContainText(titles[i] ?? '')
      expect(await track(page)).toEqual({ count: n, current: i, taller: true })
    }
    await page.keyboard.press(']')
    await expect(status(page)).toHaveText(`Step ${firsts[n - 1]} of ${FAULT_STEPS}`)
    // [ from inside a phase: its first step; again: the phase before.
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('[')
    await expect(status(page)).toHaveText(`Step ${firsts[n - 1]} of ${FAULT_STEPS}`)
    await page.keyboard.press('[')
    await expect(status(page)).toHaveText(`Step ${firsts[n - 2]} of ${FAULT_STEPS}`)
    // The keys are in the shortcut list.
    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(help.getByRole('row', { name: /Next chapter/ })).toContainText(']')
    await expect(help.getByRole('row', { name: /Previous chapter/ })).toContainText('[')
    await expect(help.getByRole('row', { name: /Skip the setup/ })).toContainText('S')
    await expect(help.getByRole('row', { name: /table of contents/ })).toContainText('T')
  })

  test('keyboard only: Tab to Chapters, ↓ and Enter jump; T opens the list; the clicker keys still step', async ({
    page,
  }) => {
    await page.goto(`/#/${ID}/1`)
    await expect(status(page)).toHaveText(/^Step 1 of/)
    // Tab from the top of the page to the toggle.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab')
      if (await toggle(page).evaluate((el) => el === document.activeElement)) break
    }
    await expect(toggle(page)).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(toc(page)).toBeVisible()
    await expect(entry(page, TITLES[0] ?? '')).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await expect(entry(page, 'TLB hit')).toBeFocused()
    const hit = await firstStepOf(entry(page, 'TLB hit'))
    await page.keyboard.press('Enter')
    await expect(status(page)).toHaveText(new RegExp(`^Step ${hit} of`))
    await expect(toggle(page)).toBeFocused()
    await page.keyboard.press('ArrowRight')
    await expect(status(page)).toHaveText(new RegExp(`^Step ${hit + 1} of`))
    // T opens the list from anywhere, on the current chapter; Escape closes it, nothing moves.
    await page.locator('.stage').focus()
    await page.keyboard.press('t')
    await expect(toc(page)).toBeVisible()
    await expect(entry(page, 'TLB hit')).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(toc(page)).toBeHidden()
    await expect(toggle(page)).toBeFocused()
    await expect(status(page)).toHaveText(new RegExp(`^Step ${hit + 1} of`))
    // Tab past the end of the list closes it.
    await page.keyboard.press('t')
    await page.keyboard.press('End')
    await expect(entry(page, TITLES[5] ?? '')).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(toc(page)).toBeHidden()
  })

  test('Chinese: the list, the timeline and Skip setup', async ({ page }) => {
    await page.goto(`/?lang=zh#/${ID}/40`)
    await expect(status(page)).toHaveText(/^第 40 步，共 \d+ 步$/)
    await expect(page.getByTestId('phase-now')).toContainText('二维遍历：24 次访问')
    await page.getByRole('button', { name: /^章节/ }).click()
    const nav = page.getByRole('navigation', { name: '本场景的章节' })
    await expect(nav.getByRole('button')).toHaveCount(6)
    await expect(nav.getByRole('button').first()).toContainText('客户机建立页表')
    await expect(nav.getByRole('button').first()).toContainText('准备')
    await expect(nav.getByRole('button').first()).toContainText('第 1–')
    await expectAxeClean(page)
    await shot(page, 'chapters-open-zh-1280')
  })
})

test.describe('presenter mode at 1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } })

  test('the chapters and the script list are both reachable, large, and jump', async ({ page }) => {
    await page.goto(`/#/${ID}/1`)
    await expect(status(page)).toHaveText(/^Step 1 of/)
    await page.keyboard.press('p')
    await expect(page.locator(':root.presenter')).toHaveCount(1)
    // Clear of the fixed "Exit presenter mode" button.
    const exit = await page.getByRole('button', { name: /Exit presenter mode/ }).boundingBox()
    const skip = await page.getByRole('button', { name: 'Skip setup' }).boundingBox()
    expect(exit && skip && skip.x + skip.width).toBeLessThanOrEqual(exit?.x ?? 0)
    await page.keyboard.press('t')
    await expect(toc(page)).toBeVisible()
    expect(inWindow(page, await toc(page).boundingBox())).toBe(true)
    expect(await smallestText(page, '.chapters-list')).toBeGreaterThanOrEqual(18)
    expect(await smallestText(page, '.timeline')).toBeGreaterThanOrEqual(18)
    await expectAxeClean(page)
    await shot(page, 'chapters-open-presenter')
    const last = await firstStepOf(entry(page, 'A cached walk: 5 references'))
    const fill = await firstStepOf(entry(page, 'Caches on, filled by a miss'))
    await entry(page, 'Caches on, filled by a miss').click()
    await expect(status(page)).toHaveText(new RegExp(`^Step ${fill} of`))
    await expect(page).toHaveURL(new RegExp(`#/${ID}/${fill}$`))
    expect(await track(page)).toEqual({ count: 6, current: 4, taller: true })
    expect(await noPageScroll(page)).toBe(true)

    // The script list, by keyboard: open it, pick a command, land on its step.
    const script = page.getByRole('region', { name: 'Script' })
    await script.locator('summary').focus()
    await page.keyboard.press('Enter')
    const line = script.getByRole('button', { name: /ept caches on/ })
    await expect(line).toBeVisible()
    await line.focus()
    await page.keyboard.press('Enter')
    await expect(status(page)).toHaveText(new RegExp(`^Step ${fill} of`))
    await script.getByRole('button', { name: /^access 0x9123$/ }).click()
    await expect(status(page)).toHaveText(new RegExp(`^Step ${last} of`))
    await expect(page.getByTestId('phase-now')).toContainText('A cached walk')
    await shot(page, 'chapters-presenter-script')
  })
})

test.describe('embed mode', () => {
  test.use({ viewport: { width: 1100, height: 700 } })

  test('the chapters sit by the controls, open upwards and jump', async ({ page }) => {
    await page.goto(`/?embed=1#/${ID}/1`)
    await expect(status(page)).toHaveText(/^Step 1 of/)
    await expect(page.locator('.app-header')).toHaveCount(0)
    await toggle(page).click()
    await expect(toc(page)).toBeVisible()
    const box = await toc(page).boundingBox()
    const button = await toggle(page).boundingBox()
    // Opened upwards from its button, whole inside the frame.
    expect(inWindow(page, box)).toBe(true)
    expect(box && button && box.y + box.height).toBeLessThanOrEqual((button?.y ?? 0) + 1)
    expect(await noPageScroll(page)).toBe(true)
    await expectAxeClean(page)
    await shot(page, 'chapters-open-embed')
    const ept = await firstStepOf(entry(page, 'The hypervisor fills EPT'))
    const walk = await firstStepOf(entry(page, 'The 2-D walk: 24 references'))
    await entry(page, 'The 2-D walk: 24 references').click()
    await expect(status(page)).toHaveText(new RegExp(`^Step ${walk} of`))
    await expect(page).toHaveURL(new RegExp(`embed=1#/${ID}/${walk}$`))
    await expect(page.getByTestId('phase-now')).toContainText('3/6')
    await page.keyboard.press('[')
    await expect(status(page)).toHaveText(new RegExp(`^Step ${ept} of`))
    await page.getByRole('button', { name: 'Skip setup' }).click()
    await expect(status(page)).toHaveText(new RegExp(`^Step ${walk} of`))

    // Wide enough for one row, the button sits at its right end: the list still fits.
    await page.setViewportSize({ width: 1600, height: 900 })
    await toggle(page).click()
    await expect(toc(page)).toBeVisible()
    expect(inWindow(page, await toc(page).boundingBox())).toBe(true)
    await shot(page, 'chapters-open-embed-wide')
  })
})

test('on a phone the list opens under the title, inside the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`/#/${ID}/40`)
  await expect(status(page)).toHaveText(/^Step 40 of/)
  await toggle(page).click()
  await expect(toc(page)).toBeVisible()
  expect(inWindow(page, await toc(page).boundingBox())).toBe(true)
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true)
  await entry(page, 'TLB hit').click()
  await expect(page.getByTestId('phase-now')).toContainText('TLB hit')
})

import { CATALOGUE } from '../src/scenarios/index.ts'
import { expect, expectAxeClean, shot, status, test, totalSteps } from './fixtures.ts'

const ID = 'three-address-spaces'

test('the library lists scenarios by topic and opens one', async ({ page, errors }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Scenario library', level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Memory virtualization' })).toBeVisible()
  // Every card's summary arrives (catalogue-en.ts, fetched beside the first paint).
  const summaries = page.locator('.card-summary')
  await expect(summaries.first()).toHaveText(/PML4E/)
  expect(
    await summaries.evaluateAll((els) => els.filter((e) => !e.textContent?.trim()).length),
  ).toBe(0)
  await expectAxeClean(page)
  await shot(page, 'library')
  await page.getByRole('link', { name: /Three address spaces/ }).click()
  await expect(page).toHaveURL(new RegExp(`#/${ID}/1$`))
  await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
  expect(errors).toEqual([])
})

test('keys step to the end and back; the URL follows; reload lands on the same step', async ({
  page,
}) => {
  await page.goto(`/#/${ID}/1`)
  await expect(status(page)).toHaveText(/^Step 1 of \d+$/)
  const total = await totalSteps(page)
  expect(total).toBeGreaterThan(20)
  const nextKeys = ['ArrowRight', ' ', 'PageDown']
  for (let step = 2; step <= total; step++) {
    await page.keyboard.press(nextKeys[step % 3] ?? 'ArrowRight')
    await expect(status(page)).toHaveText(`Step ${step} of ${total}`)
    await expect(page).toHaveURL(new RegExp(`#/${ID}/${step}$`))
  }
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText(`Step ${total} of ${total}`)
  await expectAxeClean(page)
  for (let step = total - 1; step >= 1; step--) {
    await page.keyboard.press(step % 2 ? 'ArrowLeft' : 'PageUp')
    await expect(status(page)).toHaveText(`Step ${step} of ${total}`)
    await expect(page).toHaveURL(new RegExp(`#/${ID}/${step}$`))
  }
  await page.keyboard.press('End')
  await expect(status(page)).toHaveText(`Step ${total} of ${total}`)
  await page.keyboard.press('Home')
  await expect(status(page)).toHaveText(`Step 1 of ${total}`)

  // A shared link opens cold at its step.
  await page.goto(`/#/${ID}/22`)
  await page.reload()
  await expect(status(page)).toHaveText(`Step 22 of ${total}`)
  await expect(page.getByTestId('narration')).toContainText('guest 2 reads 0x4123')
  await expect(page.getByTestId('outcome')).toHaveText(/reaches 0x14123/)
  await shot(page, 'step-22-normal')
})

test('the buttons and auto-play work', async ({ page }) => {
  await page.goto(`/#/${ID}/1`)
  await page.getByRole('button', { name: 'Next step' }).click()
  await expect(status(page)).toHaveText(/^Step 2 of/)
  await page.getByRole('button', { name: 'Previous step' }).click()
  await expect(status(page)).toHaveText(/^Step 1 of/)
  await page.getByLabel('Speed').selectOption('4')
  await page.getByRole('button', { name: 'Play' }).click()
  await expect(status(page)).toHaveText(/^Step [3-9] of/, { timeout: 5000 })
  await page.getByRole('button', { name: 'Pause' }).click()
  const paused = await status(page).textContent()
  await page.waitForTimeout(700)
  await expect(status(page)).toHaveText(paused ?? '')
  await page.getByRole('button', { name: 'Last step' }).click()
  await expect(status(page)).toHaveText(/^Step (\d+) of \1$/)
  await page.getByRole('button', { name: 'First step' }).click()
  await expect(status(page)).toHaveText(/^Step 1 of/)
})

test('switching to Chinese translates UI and narration, and is remembered', async ({ page }) => {
  await page.goto(`/#/${ID}/24`)
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByRole('button', { name: '下一步' })).toBeVisible()
  await expect(page.getByTestId('narration')).toContainText('缺页异常')
  await expect(status(page)).toHaveText(/^第 24 步，共 \d+ 步$/)
  await shot(page, 'step-24-zh')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await page.goto(`/?lang=en#/${ID}/24`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByTestId('narration')).toContainText('page fault')
})

test('?lang=zh opens in Chinese', async ({ page }) => {
  await page.goto(`/?lang=zh#/`)
  await expect(page.getByRole('heading', { name: '场景库', level: 1 })).toBeVisible()
  await expect(page.locator('.card-summary').first()).toHaveText(/PML4E.*命中 TLB/)
})

test('presenter mode hides the chrome and makes text large', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`/#/${ID}/25`)
  await expect(page.getByRole('banner')).toBeVisible()
  await page.keyboard.press('p')
  await expect(page.getByRole('banner')).toHaveCount(0)
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
  expect(size).toBeGreaterThanOrEqual(24)
  const narrationSize = await page
    .getByTestId('narration')
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(narrationSize).toBeGreaterThanOrEqual(24)
  await page.keyboard.press('PageDown')
  await expect(status(page)).toHaveText(/^Step 26 of/)
  await expectAxeClean(page)
  await shot(page, 'step-26-presenter')
  await page.keyboard.press('P')
  await expect(page.getByRole('banner')).toBeVisible()
})

test('? opens the shortcut help built from the key table', async ({ page }) => {
  await page.goto(`/#/${ID}/1`)
  await expect(status(page)).toHaveText(/^Step 1 of/)
  await page.keyboard.press('?')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('PageDown')
  await expect(dialog).toContainText('Presenter mode on / off')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
})

test('embed mode shows only stage, narration and controls; keys work after a click', async ({
  page,
}) => {
  await page.goto(`/?embed=1#/${ID}/3`)
  await expect(page.getByRole('banner')).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Script' })).toHaveCount(0)
  await expect(page.getByTestId('address-spaces')).toBeVisible()
  await expect(page.getByTestId('narration')).toBeVisible()
  await page.getByTestId('address-spaces').click()
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText(/^Step 4 of/)
  await shot(page, 'embed')
})

test('embed mode works inside an iframe', async ({ page }) => {
  await page.goto('/')
  await page.setContent(
    `<iframe title="slide" src="${new URL(`/?embed=1#/${ID}/2`, page.url()).href}" width="1100" height="700"></iframe>`,
  )
  const frame = page.frameLocator('iframe')
  await expect(frame.getByRole('status')).toHaveText(/^Step 2 of/)
  await frame.getByTestId('narration').click()
  await page.keyboard.press('PageDown')
  await expect(frame.getByRole('status')).toHaveText(/^Step 3 of/)
})

test('a bogus link shows what is wrong and the way back', async ({ page }) => {
  await page.goto('/#/no-such-scenario/3')
  await expect(page.getByRole('alert')).toContainText(
    'There is no scenario called “no-such-scenario”.',
  )
  await page.goto(`/#/${ID}/9999`)
  await expect(page.getByTestId('route-error')).toContainText('step 9999 does not exist')
  await page.getByRole('link', { name: 'Open its last step' }).click()
  await expect(status(page)).toHaveText(/^Step (\d+) of \1$/)
  await page.goto('/#/%%%/x/y')
  await expect(page.getByTestId('route-error')).toContainText('not of the form')
  await page.goto(`/#/${ID}/zero`)
  await expect(page.getByTestId('route-error')).toContainText('not a step number')
  await shot(page, 'bad-link')
  await page.getByRole('link', { name: 'Back to the scenario library' }).click()
  await expect(page.getByRole('heading', { name: 'Scenario library', level: 1 })).toBeVisible()
})

// Scenario bodies are lazy chunks (src/scenarios/catalogue.ts); these cover how they arrive.
const chunk = (id: string): RegExp => new RegExp(`/assets/${id}-[\\w-]+\\.js$`)

test('a deep link opens cold on its last step once the body chunk arrives', async ({ page }) => {
  const last = CATALOGUE.find((s) => s.id === 'paging-faults')?.steps ?? 0
  await page.goto(`/#/paging-faults/${last}`)
  await expect(status(page)).toHaveText(`Step ${last} of ${last}`)
  await expect(page).toHaveURL(new RegExp(`#/paging-faults/${last}$`))
  await expect(page.getByTestId('narration-event')).not.toBeEmpty()
})

test('a slow body shows a loading status, never an empty page', async ({ page }) => {
  let release: () => void = () => {}
  const held = new Promise<void>((r) => (release = r))
  // Held from the start: the idle prefetch must not fetch it before the click.
  await page.route(chunk('xen-ring-full'), async (route) => {
    await held
    await route.continue()
  })
  await page.goto('/')
  await page.getByRole('link', { name: /A full ring/ }).click()
  await expect(status(page)).toHaveText('Loading “A full ring”…')
  release()
  await expect(status(page)).toHaveText('Step 1 of 9')
})

test('a body that cannot be fetched says so, with a retry and the way back', async ({
  page,
  errors,
}) => {
  await page.route(chunk('xen-ring-full'), (route) => route.abort())
  await page.goto('/#/xen-ring-full/2')
  await expect(page.getByTestId('route-error')).toContainText(
    'Scenario “xen-ring-full” could not be downloaded',
  )
  await expect(page.getByRole('link', { name: 'Back to the scenario library' })).toBeVisible()
  await expectAxeClean(page)
  await page.unroute(chunk('xen-ring-full'))
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(status(page)).toHaveText('Step 2 of 9')
  // The refused request is logged by the browser; nothing else may be.
  const unexpected = errors.filter((e) => !e.includes('net::ERR_FAILED'))
  expect(unexpected).toEqual([])
  errors.length = 0
})

test.describe('dark theme and reduced motion', () => {
  test.use({ colorScheme: 'dark', reducedMotion: 'reduce' })
  test('follows the system theme, can be overridden, and lands steps instantly', async ({
    page,
  }) => {
    await page.goto(`/#/${ID}/27`)
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(await bg()).toBe('rgb(15, 18, 24)')
    await page.keyboard.press('ArrowRight')
    // Under reduced motion the moving token is already at its end when the step lands.
    await expect(page.getByTestId('address-spaces')).toBeVisible()
    await expectAxeClean(page)
    await shot(page, 'step-28-dark')
    await page.getByLabel('Theme').selectOption('light')
    expect(await bg()).toBe('rgb(251, 251, 253)')
  })
})

test('a panel that cannot load fails alone: the narration, controls and keys go on', async ({
  page,
  errors,
}) => {
  await page.route(/\/assets\/PageWalkPanel-[\w-]+\.js$/, (route) => route.abort())
  await page.goto('/#/paging-walk-4level/22')
  await expect(page.getByTestId('panel-failed')).toBeVisible()
  await expect(page.getByTestId('narration-event')).not.toBeEmpty()
  await page.keyboard.press('ArrowRight')
  await expect(status(page)).toHaveText('Step 23 of 24')
  await expectAxeClean(page)
  await shot(page, 'panel-failed')
  // Once the chunk can arrive, "Try again" loads the page again and the panel draws.
  await page.unroute(/\/assets\/PageWalkPanel-[\w-]+\.js$/)
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByTestId('pagewalk')).toBeVisible()
  await expect(status(page)).toHaveText('Step 23 of 24')
  // The refused chunk and React's report of the caught error are expected; nothing else.
  const unexpected = errors.filter(
    (e) => !/net::ERR_FAILED|PageWalkPanel|dynamically imported module|error occurred in/i.test(e),
  )
  expect(unexpected).toEqual([])
  errors.length = 0
})

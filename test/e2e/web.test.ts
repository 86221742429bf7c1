import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../helpers/file-upload.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { CHROMIUM_ARGS, findChromium, WEB_ARTIFACTS as ARTIFACTS, WEB_WAIT_MS as WAIT_MS } from '../helpers/web-page.js';

const CHROMIUM = findChromium();
const IS_CI = process.env.CI === 'true';

if (!CHROMIUM && !IS_CI) console.warn('web e2e skipped: no chromium on this machine (apt-get install -y chromium); in CI it fails instead');

/** What the evaluated functions use of the browser's globals (the tests compile without DOM types). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { color: string; backgroundColor: string };
}

/** One person at the page: a browser context of its own (own sessionStorage). */
interface Person {
  context: BrowserContext;
  page: Page;
  uid: number;
  /** The page's current WebSocket, as routed through the test. */
  socket?: WebSocketRoute;
  isOffline: boolean;
}

describe.skipIf(!CHROMIUM && !IS_CI)('web page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  const stamp = `${process.pid}${Date.now().toString(36)}`;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('chromium is missing: install it with `apt-get install -y chromium` (.ci/run does)');
    mkdirSync(ARTIFACTS, { recursive: true });
    // The page the server serves is the one built from these sources.
    await build({ configFile: 'src/web/vite.config.js', logLevel: 'error' });
    server = await startTestServer();
    base = `http://127.0.0.1:${server.httpPort}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function arrive(name: string, viewport: { width: number; height: number }): Promise<Person> {
    const context = await browser.newContext({ viewport });
    const person: Person = { context, page: await context.newPage(), uid: 0, isOffline: false };
    // Every WebSocket goes through here so the test can cut it, and refuse new ones while "offline".
    await context.routeWebSocket(/\/ws$/, (ws) => {
      if (person.isOffline) return ws.close({ code: 4999, reason: 'offline' });
      person.socket = ws;
      ws.connectToServer();
    });
    const { page } = person;
    page.on('pageerror', (err) => console.error(`[${name}] page error: ${err.message}`));
    await page.goto(base);
    await page.getByTestId('tab-register').click();
    await page.fill('input[name=account]', `${name.toLowerCase()}${stamp}`);
    await page.fill('input[name=password]', 'secret-password');
    await page.fill('input[name=nickname]', name);
    await page.getByTestId('auth-submit').click();
    person.uid = Number(await page.getByTestId('my-uid').textContent({ timeout: WAIT_MS }));
    expect(person.uid).toBeGreaterThan(0);
    return person;
  }

  const contactOf = (person: Person, peer: Person) => person.page.getByTestId(`contact-${peer.uid}`);
  const messages = (person: Person) => person.page.getByTestId('messages');
  const bubble = (person: Person, text: string) => messages(person).getByTestId('message').filter({ hasText: text });

  async function openChat(person: Person, peer: Person): Promise<void> {
    await contactOf(person, peer).locator('button.contact').click();
    await person.page.getByTestId('composer').waitFor({ timeout: WAIT_MS });
  }

  /** The page boxes of the elements `testIds` name, checked to lie inside the viewport without overlapping. */
  async function expectSideBySide(person: Person, testIds: readonly string[]): Promise<void> {
    const width = person.page.viewportSize()?.width ?? 0;
    const boxes = [];
    for (const id of testIds) {
      const box = await person.page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      if (!box) return;
      expect(box.x, id).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, id).toBeLessThanOrEqual(width);
      boxes.push({ id, ...box });
    }
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const isApart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(isApart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  }

  async function tickLook(person: Person, text: string): Promise<{ text: string; color: string; background: string }> {
    return bubble(person, text)
      .getByTestId('tick')
      .evaluate((el) => {
        const style = (globalThis as unknown as BrowserGlobals).getComputedStyle(el);
        return { text: el.textContent ?? '', color: style.color, background: style.backgroundColor };
      });
  }

  async function say(person: Person, text: string): Promise<void> {
    await person.page.getByTestId('composer').fill(text);
    await person.page.getByTestId('send').click();
  }

  it('lets people register, add each other, chat 1:1 and in a group, with ticks, typing, recall, history and reconnect', async () => {
    const alice = await arrive('Alice', { width: 1100, height: 720 });
    const bob = await arrive('Bob', { width: 390, height: 780 });
    // The empty state sits in the middle of the pane, not against its top edge.
    const empty = await alice.page.getByTestId('empty-pane').boundingBox();
    expect(empty?.y ?? 0).toBeGreaterThan(720 / 3);
    // A mistyped id says so, and the message fades away by itself.
    await alice.page.getByTestId('add-contact-input').fill('not an id');
    await alice.page.getByTestId('add-contact').click();
    await alice.page.getByTestId('sidebar-error').waitFor({ timeout: WAIT_MS });
    await alice.page.getByTestId('sidebar-error').waitFor({ state: 'detached', timeout: WAIT_MS });

    // Alice adds Bob and Bob adds Alice back (presence needs both); each list updates by push.
    await alice.page.getByTestId('add-contact-input').fill(String(bob.uid));
    await alice.page.getByTestId('add-contact').click();
    await contactOf(alice, bob).waitFor({ timeout: WAIT_MS });
    await bob.page.getByTestId('add-contact-input').fill(String(alice.uid));
    await bob.page.getByTestId('add-contact').click();
    // Adding opens the chat, which on a phone-width page covers the list: the contact is there, not shown.
    await contactOf(bob, alice).waitFor({ state: 'attached', timeout: WAIT_MS });
    await expect(contactOf(bob, alice).textContent()).resolves.toContain('Alice');
    // Adding someone already in the list just opens their chat, with no error.
    await bob.page.getByRole('button', { name: 'Back to contacts' }).click();
    await bob.page.getByTestId('add-contact-input').fill(String(alice.uid));
    await bob.page.getByTestId('add-contact').click();
    await bob.page.getByTestId('peer-name').filter({ hasText: /^Alice$/ }).waitFor({ timeout: WAIT_MS });
    await expect(bob.page.getByTestId('sidebar-error').count()).resolves.toBe(0);
    await bob.page.getByRole('button', { name: 'Back to contacts' }).click();
    // Both are signed in: each shows the other as online.
    await bob.page.locator(`[data-testid=presence-${alice.uid}].on`).waitFor({ timeout: WAIT_MS });
    await alice.page.locator(`[data-testid=presence-${bob.uid}].on`).waitFor({ timeout: WAIT_MS });

    // Alice writes while Bob looks at his list: delivered, and unread on his side.
    await openChat(alice, bob);
    await say(alice, 'Hello Bob!');
    await bubble(alice, 'Hello Bob!').and(alice.page.locator('[data-tick=delivered]')).waitFor({ timeout: WAIT_MS });
    const delivered = await tickLook(alice, 'Hello Bob!');
    await bob.page.getByTestId(`unread-${alice.uid}`).filter({ hasText: /^1$/ }).waitFor({ timeout: WAIT_MS });
    await bob.page.screenshot({ path: `${ARTIFACTS}/web-phone-contacts.png` });

    // Bob opens it: the unread count goes, Alice sees the read tick.
    await openChat(bob, alice);
    await bubble(bob, 'Hello Bob!').waitFor({ timeout: WAIT_MS });
    await expect(bob.page.getByTestId(`unread-${alice.uid}`).count()).resolves.toBe(0);
    await bubble(alice, 'Hello Bob!').and(alice.page.locator('[data-tick=read]')).waitFor({ timeout: WAIT_MS });
    // Read and delivered differ in words and colours, not in a shade.
    const read = await tickLook(alice, 'Hello Bob!');
    expect(read.text).not.toBe(delivered.text);
    expect(read.color).not.toBe(delivered.color);
    expect(read.background).not.toBe(delivered.background);

    // Bob types: Alice sees it; then he answers.
    await bob.page.getByTestId('composer').fill('Hi Al');
    await alice.page.getByTestId('typing').getByText('typing…').waitFor({ timeout: WAIT_MS });
    await say(bob, 'Hi Alice, how are you?');
    await bubble(alice, 'Hi Alice, how are you?').waitFor({ timeout: WAIT_MS });
    await bubble(bob, 'Hi Alice, how are you?').and(bob.page.locator('[data-tick=read]')).waitFor({ timeout: WAIT_MS });
    await alice.page.screenshot({ path: `${ARTIFACTS}/web-desktop-chat.png` });
    await bob.page.screenshot({ path: `${ARTIFACTS}/web-phone-chat.png` });

    // A recall reaches the other side.
    await say(alice, 'oops, wrong chat');
    await bubble(bob, 'oops, wrong chat').waitFor({ timeout: WAIT_MS });
    await bubble(alice, 'oops, wrong chat').getByTestId('recall').click();
    await bubble(bob, 'Message recalled').waitFor({ timeout: WAIT_MS });
    await bubble(alice, 'You recalled a message').waitFor({ timeout: WAIT_MS });

    // Reactions, edits and pins show on both sides as their changes arrive.
    await bubble(bob, 'Hello Bob!').getByTestId('react').click();
    await bubble(alice, 'Hello Bob!').getByTestId('reaction').filter({ hasText: '👍 1' }).waitFor({ timeout: WAIT_MS });
    alice.page.once('dialog', (dialog) => void dialog.accept('Hello Bob! (fixed)'));
    await bubble(alice, 'Hello Bob!').getByTestId('edit').click();
    await bubble(bob, 'Hello Bob! (fixed)').getByTestId('edited').waitFor({ timeout: WAIT_MS });
    await bubble(bob, 'Hi Alice, how are you?').getByTestId('pin').click();
    await bubble(alice, 'Hi Alice, how are you?').getByTestId('pinned').waitFor({ timeout: WAIT_MS });
    await alice.page.screenshot({ path: `${ARTIFACTS}/web-desktop-changes.png` });
    await bob.page.screenshot({ path: `${ARTIFACTS}/web-phone-changes.png` });

    // Bob reloads while a message waits unread: the badge, the preview and the title come back from the
    // server before he opens anything, and his own message still shows that Alice read it.
    await bob.page.getByRole('button', { name: 'Back to contacts' }).click();
    await say(alice, 'Before your reload');
    await bob.page.getByTestId(`unread-${alice.uid}`).filter({ hasText: /^1$/ }).waitFor({ timeout: WAIT_MS });
    await bob.page.reload();
    await bob.page.getByTestId(`unread-${alice.uid}`).filter({ hasText: /^1$/ }).waitFor({ timeout: WAIT_MS });
    await contactOf(bob, alice).getByText('Before your reload').waitFor({ timeout: WAIT_MS });
    await expect(bob.page.title()).resolves.toBe('(1) Glide chat');
    await bob.page.screenshot({ path: `${ARTIFACTS}/web-phone-reloaded-list.png` });
    await openChat(bob, alice);
    await bubble(bob, 'Hi Alice, how are you?').and(bob.page.locator('[data-tick=read]')).waitFor({ timeout: WAIT_MS });
    await bubble(alice, 'Before your reload').and(alice.page.locator('[data-tick=read]')).waitFor({ timeout: WAIT_MS });
    await expect(bob.page.title()).resolves.toBe('Glide chat');
    await bubble(bob, 'Hello Bob!').waitFor({ timeout: WAIT_MS });
    await bubble(bob, 'Hi Alice, how are you?').waitFor({ timeout: WAIT_MS });
    await bubble(bob, 'Message recalled').waitFor({ timeout: WAIT_MS });
    await bob.page.screenshot({ path: `${ARTIFACTS}/web-phone-after-reload.png` });

    // Alice loses her connection: the banner shows, messages sent meanwhile arrive once she is back.
    alice.isOffline = true;
    await alice.socket?.close({ code: 4999, reason: 'cut by the test' });
    await alice.page.getByTestId('reconnect-banner').waitFor({ timeout: WAIT_MS });
    // Presence is unknown while the page itself is offline: the dots go grey.
    await alice.page.locator(`[data-testid=presence-${bob.uid}].stale`).waitFor({ timeout: WAIT_MS });
    const dot = await alice.page.getByTestId(`presence-${bob.uid}`).evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor);
    expect(dot).toBe('rgb(154, 160, 166)');
    await alice.page.screenshot({ path: `${ARTIFACTS}/web-desktop-reconnecting.png` });
    await say(bob, 'Are you still there?');
    alice.isOffline = false;
    await alice.page.getByTestId('reconnect-banner').waitFor({ state: 'detached', timeout: WAIT_MS });
    await bubble(alice, 'Are you still there?').waitFor({ timeout: WAIT_MS });
    await expect(bubble(alice, 'Are you still there?').count()).resolves.toBe(1);

    // A group with a third person: created, chatted in by all, left by one.
    const carol = await arrive('Carol', { width: 1100, height: 720 });
    await alice.page.getByTestId('add-contact-input').fill(String(carol.uid));
    await alice.page.getByTestId('add-contact').click();
    await contactOf(alice, carol).waitFor({ timeout: WAIT_MS });
    await alice.page.getByTestId('new-group').click();
    await alice.page.getByTestId('group-name').fill('Team weekend hiking trip planning');
    await alice.page.getByTestId(`pick-${bob.uid}`).check();
    await alice.page.getByTestId(`pick-${carol.uid}`).check();
    await alice.page.getByTestId('create-group').click();
    // The open conversation switches to the new group once it is created: wait for that, not for the element.
    await alice.page.getByTestId('peer-name').filter({ hasText: /^Team weekend hiking trip planning$/ }).waitFor({ timeout: WAIT_MS });
    const groupLine = (person: Person) => person.page.locator('[data-testid^=group-]').filter({ hasText: 'Team' });
    await say(alice, 'Welcome to the team');
    for (const member of [bob, carol]) {
      // At phone width the list is behind the open conversation.
      const back = member.page.getByRole('button', { name: 'Back to contacts' });
      if (await back.isVisible()) await back.click();
      await groupLine(member).locator('button.contact').click({ timeout: WAIT_MS });
      await bubble(member, 'Welcome to the team').waitFor({ timeout: WAIT_MS });
    }
    await say(carol, 'Thanks Alice!');
    await bubble(alice, 'Thanks Alice!').waitFor({ timeout: WAIT_MS });
    await bubble(bob, 'Thanks Alice!').waitFor({ timeout: WAIT_MS });
    await expect(bubble(bob, 'Thanks Alice!').locator('.sender').textContent()).resolves.toBe('Carol');
    // Consecutive messages of one sender form one run: one name, one set of initials; days are separated.
    await say(carol, 'See you Saturday');
    await bubble(bob, 'See you Saturday').waitFor({ timeout: WAIT_MS });
    await expect(bubble(bob, 'See you Saturday').locator('.sender').count()).resolves.toBe(0);
    await expect(messages(bob).getByTestId('initials').allTextContents()).resolves.toEqual(['A', 'C']);
    await expect(messages(bob).getByTestId('day').allTextContents()).resolves.toEqual(['Today']);
    await carol.page.screenshot({ path: `${ARTIFACTS}/web-desktop-group.png` });
    // At phone width the header keeps back, a one-line name and the actions button side by side.
    await expectSideBySide(bob, ['peer-name', 'group-menu']);
    const back = await bob.page.getByRole('button', { name: 'Back to contacts' }).boundingBox();
    const name = await bob.page.getByTestId('peer-name').boundingBox();
    expect((back?.x ?? 0) + (back?.width ?? 0)).toBeLessThanOrEqual(name?.x ?? 0);
    expect(name?.height ?? 99).toBeLessThan(30);
    await bob.page.screenshot({ path: `${ARTIFACTS}/web-phone-group-header.png` });
    await bob.page.getByTestId('group-menu').click();
    await expectSideBySide(bob, ['invite-input', 'invite']);
    await expectSideBySide(bob, ['group-menu', 'group-menu-panel']);
    const panel = await bob.page.getByTestId('group-menu-panel').boundingBox();
    const inviteButton = await bob.page.getByTestId('invite').boundingBox();
    expect((inviteButton?.x ?? 0) + (inviteButton?.width ?? 0)).toBeLessThanOrEqual((panel?.x ?? 0) + (panel?.width ?? 0));
    await bob.page.screenshot({ path: `${ARTIFACTS}/web-phone-group-menu.png` });
    await bob.page.getByTestId('leave-group').click();
    await alice.page.getByTestId('notice').filter({ hasText: 'Bob left' }).waitFor({ timeout: WAIT_MS });
    await groupLine(bob).waitFor({ state: 'detached', timeout: WAIT_MS });

    for (const person of [alice, bob, carol]) await person.context.close();
  }, 90_000);

  it('sends a picture and a file from the page; the other side sees the thumbnail and a download link', async () => {
    const erin = await arrive('Erin', { width: 1100, height: 720 });
    const frank = await arrive('Frank', { width: 1100, height: 720 });
    await erin.page.getByTestId('add-contact-input').fill(String(frank.uid));
    await erin.page.getByTestId('add-contact').click();
    await contactOf(erin, frank).waitFor({ timeout: WAIT_MS });
    await openChat(erin, frank);
    await erin.page.getByTestId('attach').setInputFiles([
      { name: 'sunset.png', mimeType: 'image/png', buffer: await makePng(400, 300, 21) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meeting notes') },
    ]);
    await contactOf(frank, erin).waitFor({ timeout: WAIT_MS });
    await openChat(frank, erin);
    const thumb = messages(frank).getByTestId('file-thumb');
    await thumb.waitFor({ timeout: WAIT_MS });
    // The thumbnail really loaded (signed link, same origin, allowed by the page's CSP).
    await expect.poll(() => thumb.evaluate((el) => (el as unknown as { complete: boolean; naturalWidth: number }).complete && (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: WAIT_MS }).toBe(320);
    const link = messages(frank).getByTestId('file-link').filter({ hasText: 'notes.txt' });
    await link.waitFor({ timeout: WAIT_MS });
    // The contact list previews the last message by what it holds, not its JSON.
    await contactOf(frank, erin).filter({ hasText: 'File: notes.txt' }).waitFor({ timeout: WAIT_MS });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/api\/file\/[\w-]{22}\?exp=\d+&sig=/);
    const fetched = await fetch(new URL(href!, base));
    await expect(fetched.text()).resolves.toBe('meeting notes');
    await frank.page.screenshot({ path: `${ARTIFACTS}/web-files.png` });
    await erin.context.close();
    await frank.context.close();
  });

  it('searches the messages the user can read from the box above the list and opens the conversation of a result', async () => {
    const gina = await arrive('Gina', { width: 1100, height: 720 });
    const hal = await arrive('Hal', { width: 1100, height: 720 });
    await gina.page.getByTestId('add-contact-input').fill(String(hal.uid));
    await gina.page.getByTestId('add-contact').click();
    await contactOf(gina, hal).waitFor({ timeout: WAIT_MS });
    await openChat(gina, hal);
    for (const text of ['The harbour tour is on Friday', '明天在港口见', 'Bring a jacket']) {
      await say(gina, text);
      await bubble(gina, text).and(gina.page.locator('[data-tick=delivered]')).waitFor({ timeout: WAIT_MS });
    }
    await contactOf(hal, gina).waitFor({ timeout: WAIT_MS });
    const results = hal.page.getByTestId('search-results');
    // A 2-character Chinese word finds its message; Hal's list holds just that one.
    await hal.page.getByTestId('search-input').fill('港口');
    await hal.page.getByTestId('search-submit').click();
    await results.getByText('明天在港口见').waitFor({ timeout: WAIT_MS });
    await expect(results.locator('.search-hit').count()).resolves.toBe(1);
    await hal.page.getByTestId('search-input').fill('HARBOUR');
    await hal.page.getByTestId('search-submit').click();
    const hit = results.locator('.search-hit').filter({ hasText: 'The harbour tour is on Friday' });
    await hit.waitFor({ timeout: WAIT_MS });
    await expect(results.textContent()).resolves.toContain('Gina');
    await hal.page.screenshot({ path: `${ARTIFACTS}/web-search.png` });
    // A result opens its conversation with the message in it.
    await hit.click();
    await hal.page.getByTestId('peer-name').filter({ hasText: /^Gina$/ }).waitFor({ timeout: WAIT_MS });
    await bubble(hal, 'The harbour tour is on Friday').waitFor({ timeout: WAIT_MS });
    // Someone else's words are not found; the panel says so and closes.
    await hal.page.getByTestId('search-input').fill('swordfish');
    await hal.page.getByTestId('search-submit').click();
    await results.getByText('Nothing found for').waitFor({ timeout: WAIT_MS });
    await hal.page.getByTestId('search-clear').click();
    await results.waitFor({ state: 'detached', timeout: WAIT_MS });
    await gina.context.close();
    await hal.context.close();
  }, 60_000);

  it('shows the API docs at /api/docs with every request served by this server', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const violations: string[] = [];
    page.on('console', (message) => message.text().includes('Content Security Policy') && violations.push(message.text()));
    await page.goto(`${base}api/docs/`);
    await page.locator('.opblock-summary-path', { hasText: '/api/auth/signin_v2' }).first().waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: `${ARTIFACTS}/api-docs.png` });
    expect(requested.filter((url) => !url.startsWith(base) && !url.startsWith('data:'))).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  }, 60_000);
});

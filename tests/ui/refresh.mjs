// The page's optional script (/driftinformation/app.js): with JavaScript the
// page refreshes itself every 60 s while visible, replacing the main content
// only when the information changed, and says so in a polite live region.
//
//   ADMIN_TOKEN=... node refresh.mjs BASE_URL SERVICE_ID
//
// Loads the page with a fake clock, publishes an incident for SERVICE_ID via
// the admin API, waits until the status API shows it, advances the page's
// clock by 61 s and expects the new announcement on the page without reload.
import { launchChromium } from './browser.mjs';

const [base, sid] = process.argv.slice(2);
const token = process.env.ADMIN_TOKEN;
if (!base || !sid || !token) {
  console.error('usage: ADMIN_TOKEN=... node refresh.mjs BASE_URL SERVICE_ID');
  process.exit(2);
}
const title = `Automatisk uppdatering ${Date.now()}`;

const browser = await launchChromium();
let ok = false;
try {
  const page = await (await browser.newContext()).newPage();
  await page.clock.install();
  await page.goto(new URL('/driftinformation', base).toString(), { waitUntil: 'load' });
  const before = await page.getAttribute('#innehall', 'data-version');

  const now = new Date();
  const resp = await fetch(new URL('/api/v1/announcements', base), {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'incident', service_ids: [sid], state: 'investigating',
                           starts_at: new Date(now.getTime() - 60000).toISOString(), ends_at: null,
                           title_sv: title, body_sv: 'Visas utan att sidan laddas om.' }),
  });
  if (resp.status !== 202) throw new Error(`admin API answered ${resp.status}: ${await resp.text()}`);
  const deadline = Date.now() + 30000;
  for (;;) {
    const s = await (await fetch(new URL(`/api/v1/status/${sid}`, base))).json();
    if (s.announcements.some((a) => a.title_sv === title)) break;
    if (Date.now() > deadline) throw new Error('the incident never became visible in the API');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The HTML is re-rendered by the board within about a second of the fold.
  await new Promise((r) => setTimeout(r, 1500));

  if ((await page.content()).includes(title)) throw new Error('the page changed before its refresh was due');
  await page.clock.fastForward(61000);
  await page.waitForFunction((t) => document.getElementById('innehall').textContent.includes(t), title,
                             { timeout: 15000 });
  const after = await page.getAttribute('#innehall', 'data-version');
  const live = await page.waitForFunction(
    () => document.getElementById('uppdatering').textContent, null, { timeout: 5000 });
  const said = await live.jsonValue();
  if (before === after) throw new Error('data-version did not change');
  console.log(`ok   the page refreshed itself (version ${before} -> ${after}); live region: "${said}"`);
  ok = true;
} catch (e) {
  console.log(`FAIL ${e.message}`);
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);

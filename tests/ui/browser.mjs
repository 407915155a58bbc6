// The one way the UI tests start Debian's Chromium (headless, no sandbox,
// no GPU, no background network: nothing downloads at run time).
// CHROMIUM overrides the binary. On failure it says why and exits 2, which
// the Python tests report as "could not run", not as a finding.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export async function launchChromium() {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (e) {
    console.error(`cannot start ${CHROMIUM}: ${e.message}`);
    process.exit(2);
  }
}

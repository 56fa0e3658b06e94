import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1200, height: 1800 } });
await p.goto('http://127.0.0.1:4321/simulator/#s=' + process.argv[2]);
await p.waitForTimeout(2500);
const out = await p.locator('.sim-output, section[aria-labelledby="sim-client-title"], #sim-client-title').first().evaluate((e) => (e.closest('section') ?? e).innerText);
console.log(out);
await p.screenshot({ path: '/tmp/sim.png', fullPage: false });
await b.close();

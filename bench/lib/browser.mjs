// Headless Debian chromium through playwright-core, logged in to a running Stratus server (the same
// flags and login as startup-memory-page.mjs and frontend/e2e/harness.mjs).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
  '--disable-default-apps', '--no-default-browser-check', '--disable-features=Translate,OptimizationHints,MediaRouter'];

/** A fresh profile, logged in through the server's one-time URL, the workbench connected. */
export async function loggedInPage(server, extraArgs = []) {
  const profile = await mkdtemp(join(tmpdir(), 'stratus-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(server.loginUrl);
  await page.waitForURL(`${server.baseUrl}/`);
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="tree-item"]').first().waitFor({ timeout: 30_000 });
  return {
    context, page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// A page's workspace connection, lost on purpose in one of two ways.
//
// dropConnection: the sockets close, and the page knows at once. The network is not switched
// off for this: a socket the page closes while DevTools' offline mode is on waits for a closing
// handshake that cannot arrive, so whether the page saw the drop at once or much later depended
// on timing. Here the page's open sockets are closed with the network up (the server sees the
// close too), and until the connection is given back every new socket fails before it opens, as
// one does while the network is down.
//
// offlineMode: the network goes without a close, which the page has to notice by itself.

/**
 * Keeps a handle on every WebSocket the pages of `context` open (`window.__stratusSockets`), and
 * the text frames they received (`window.__stratusReceived`, the last 500).
 */
export async function trackSockets(context) {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__stratusSockets = [];
    window.__stratusReceived = [];
    window.__stratusOffline = false;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__stratusSockets.push(this);
        this.addEventListener('message', (e) => {
          if (typeof e.data !== 'string') return;
          window.__stratusReceived.push(e.data);
          if (window.__stratusReceived.length > 500) window.__stratusReceived.shift();
        });
        // A socket closed while it connects fails as an unreachable server's does: error, then
        // close (1006), never open.
        if (window.__stratusOffline) this.close();
      }
    };
  });
}

/**
 * Drops `page`'s open sockets and keeps new ones from connecting until `reconnect`. Resolves
 * once every dropped socket is closed; gives how many there were.
 */
export async function dropConnection(page) {
  const dropped = await page.evaluate(() => {
    window.__stratusOffline = true;
    const open = window.__stratusSockets.filter((s) => s.readyState === WebSocket.OPEN);
    open.forEach((s) => s.close(4000, 'test drops the connection'));
    return open.length;
  });
  await page.waitForFunction(() => window.__stratusSockets.every((s) => s.readyState === WebSocket.CLOSED));
  return dropped;
}

/** Lets `page`'s sockets connect again (the page's next attempt, or its Retry, succeeds). */
export async function reconnect(page) {
  await page.evaluate(() => { window.__stratusOffline = false; });
}

/**
 * As `reconnect`, and presses the banner's Retry in the same step, so the page is not left
 * waiting out its backoff; done in one step, a reconnect of the page's own cannot come between.
 */
export async function reconnectNow(page) {
  await page.evaluate(() => {
    window.__stratusOffline = false;
    document.querySelector('[data-testid="banner-retry"]:not([disabled])')?.click();
  });
}

/**
 * DevTools' offline mode for `page`: what a dropped Wi-Fi or VPN is to it. Its sockets are not
 * closed, nothing more arrives on them, and the browser says it is offline. `set(offline)`
 * switches it; `detach()` leaves the network on.
 */
export async function offlineMode(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const set = (offline) => cdp.send('Network.emulateNetworkConditions',
    { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  return { set, detach: async () => { await set(false); await cdp.detach(); } };
}

/**
 * Waits until `page` has received the reply to a request it just made that names a request id
 * (`ai/chat`, `ai/edit`): only then can it take that request up after a drop. `from` is
 * `receivedCount(page)` before the request was made.
 */
export async function replyWithRequestId(page, from) {
  await page.waitForFunction((start) => window.__stratusReceived.slice(start)
    .some((m) => m.includes('"result"') && m.includes('"requestId"')), from);
}

/** How many text frames `page` has received (at most the last 500 are kept). */
export async function receivedCount(page) {
  return page.evaluate(() => window.__stratusReceived.length);
}

/**
 * DevTools' offline mode until `page` shows its connection lost (which it has to notice by
 * itself: nothing is closed), then the network back until the page has reconnected.
 */
export async function networkGoneAndBack(context, page) {
  const offline = await offlineMode(context, page);
  await offline.set(true);
  try {
    const banner = page.locator('[data-testid="connection-banner"]');
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    await offline.set(false);
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
  } finally {
    await offline.detach();
  }
}

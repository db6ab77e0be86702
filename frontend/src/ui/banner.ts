import type { StateInfo } from '../rpc/connection';
import { h } from './dom';

/**
 * The connection-lost banner: counts down to the next attempt and offers "Retry now".
 * Hidden while the socket is open (and before the first attempt has failed).
 */
export class ConnectionBanner {
  readonly el: HTMLElement;
  private readonly text: HTMLElement;
  private readonly retry: HTMLButtonElement;
  private tick: ReturnType<typeof setInterval> | undefined;

  constructor(onRetry: () => void) {
    this.text = h('span', { class: 'banner-text', 'data-testid': 'banner-text' });
    this.retry = h('button', { class: 'btn', type: 'button', 'data-testid': 'banner-retry' }, 'Retry now');
    this.retry.addEventListener('click', onRetry);
    this.el = h('div', { class: 'banner', role: 'alert', 'data-testid': 'connection-banner', hidden: true }, this.text, this.retry);
  }

  update(info: StateInfo): void {
    clearInterval(this.tick);
    if (info.state === 'open' || (info.state === 'connecting' && info.attempt === 0)) {
      this.el.hidden = true;
      return;
    }
    this.el.hidden = false;
    this.el.dataset.state = info.state;
    const lost = info.everOpened ? 'Connection lost' : 'Cannot connect to the workspace';
    if (info.state === 'connecting') {
      this.text.textContent = `${lost} — reconnecting…`;
      this.retry.disabled = true;
    } else if (info.state === 'waiting') {
      this.retry.disabled = false;
      const render = () => {
        const s = Math.max(0, Math.ceil(((info.retryAt ?? Date.now()) - Date.now()) / 1000));
        this.text.textContent = `${lost} — reconnecting in ${s}s… Your edits are kept.`;
      };
      render();
      this.tick = setInterval(render, 250);
    } else {
      this.text.textContent = `${lost}.`;
      this.retry.disabled = true;
    }
  }
}

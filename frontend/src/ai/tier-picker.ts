import type { AiTier } from '../rpc/ai-client';
import { h } from '../ui/dom';
import type { ConversationStorage } from './current-conversation';

/** Where the size picked is remembered in the browser, as VS Code remembers the chat's model. */
const KEY = 'stratus.ai.tier';

/**
 * Which model size answers the chat, as VS Code's chat picks a model: Auto routes each question
 * by what it needs; each configured tier answers with that tier.
 */
export class TierPicker {
  readonly el = h('select', { class: 'ai-tier', 'aria-label': 'Model size',
    title: 'Which model size answers: Auto picks one for each question', 'data-testid': 'ai-tier', hidden: true }) as HTMLSelectElement;
  /** The size the user picked last, here or in an earlier page: kept while a configuration lacks it. */
  private wanted: string;

  constructor(storage: ConversationStorage | undefined) {
    this.wanted = read(storage) ?? 'auto';
    this.el.addEventListener('change', () => {
      this.wanted = this.el.value;
      try {
        storage?.setItem(KEY, this.wanted);
      } catch {
        // Storage full or refused: the pick holds for this page.
      }
    });
  }

  /**
   * The sizes to pick from: Auto and each configured one. The pick stays while its size is
   * configured; with one size or none there is nothing to pick.
   */
  offer(tiers: readonly AiTier[]): void {
    const label = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
    this.el.replaceChildren(h('option', { value: 'auto' }, 'Auto'), ...tiers.map((t) => h('option', { value: t }, label(t))));
    this.el.value = tiers.some((t) => t === this.wanted) ? this.wanted : 'auto';
    this.el.hidden = tiers.length < 2;
  }

  /** The size picked, or none for Auto. */
  get picked(): AiTier | undefined {
    const v = this.el.value;
    return !this.el.hidden && (v === 'small' || v === 'medium' || v === 'large') ? v : undefined;
  }
}

function read(storage: ConversationStorage | undefined): string | undefined {
  try {
    return storage?.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

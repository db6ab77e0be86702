/** Scrolled up further than this from the end, the user is reading: a growing answer stops pulling the view down. */
const AT_END_PX = 24;

/**
 * Keeps the end of a growing answer in view unless the user scrolled up to read. Whether to
 * follow is decided by where the user left the view, not measured after the new content made
 * the distance to the end jump (a code block opening adds a lot at once).
 */
export class FollowScroll {
  /** Whether a growing answer keeps the end in view: until the user scrolls up, and again once back at the end. */
  private following = true;
  /** Where the view last scrolled itself, to tell its own scroll events from the user's. */
  private autoScrollTop = -1;

  constructor(private readonly messages: HTMLElement) {
    messages.addEventListener('scroll', () => {
      const m = this.messages;
      if (this.following && m.scrollTop === this.autoScrollTop) return;
      this.following = m.scrollHeight - m.scrollTop - m.clientHeight <= AT_END_PX;
    });
  }

  /** Scrolls to the end while following; `force` follows again (a new question, a conversation opened). */
  toEnd(force = false): void {
    if (force) this.following = true;
    if (!this.following) return;
    const m = this.messages;
    m.scrollTop = m.scrollHeight;
    this.autoScrollTop = m.scrollTop;
  }
}

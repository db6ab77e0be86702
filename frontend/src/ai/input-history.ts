/** How many earlier messages Up goes back through. */
const KEPT = 50;

/**
 * The messages asked before, for the chat input's Up and Down, as in VS Code's chat and a shell:
 * Up brings the message before the one shown, Down the next, and Down past the newest gives back
 * the text that was being written when Up was first pressed. Typing ends the browsing: the next
 * Up starts again from the newest, keeping what was typed as the text to come back to.
 */
export class InputHistory {
  private messages: string[] = [];
  /** Which message the input shows while browsing; undefined when it shows the user's own text. */
  private at: number | undefined;
  private draft = '';

  /** The messages of a conversation opened, oldest first: they are what Up goes back through. */
  reset(messages: readonly string[]): void {
    this.messages = messages.slice(-KEPT);
    this.at = undefined;
  }

  /** A message sent: the newest, once (asking the same again adds nothing). */
  add(message: string): void {
    if (this.messages.at(-1) !== message) this.messages.push(message);
    if (this.messages.length > KEPT) this.messages.shift();
    this.at = undefined;
  }

  /** The message before the one shown, `current` being the input's text; undefined when there is none. */
  back(current: string): string | undefined {
    if (this.at === undefined) {
      if (!this.messages.length) return undefined;
      this.draft = current;
      this.at = this.messages.length;
    }
    if (this.at === 0) return undefined;
    this.at--;
    return this.messages[this.at];
  }

  /** The message after the one shown, or the text being written before browsing; undefined when not browsing. */
  forward(): string | undefined {
    if (this.at === undefined) return undefined;
    this.at++;
    if (this.at < this.messages.length) return this.messages[this.at];
    this.at = undefined;
    return this.draft;
  }

  /**
   * Up on `input`'s first line shows the message asked before, Down on its last line the next
   * (no modifier, nothing selected); elsewhere the keys move the caret as usual.
   * @returns whether the key was taken: the input then shows the message, the caret at its end
   */
  keydown(e: KeyboardEvent, input: HTMLTextAreaElement): boolean {
    const up = e.key === 'ArrowUp';
    if ((!up && e.key !== 'ArrowDown') || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return false;
    const { value, selectionStart, selectionEnd } = input;
    if (selectionStart !== selectionEnd) return false;
    if (up ? value.slice(0, selectionStart).includes('\n') : value.includes('\n', selectionEnd)) return false;
    const text = up ? this.back(value) : this.forward();
    if (text === undefined) return false;
    input.value = text;
    input.setSelectionRange(text.length, text.length);
    return true;
  }

  /** The user typed: the input shows their own text again. */
  edited(): void {
    this.at = undefined;
  }
}

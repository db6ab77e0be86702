import { h } from '../ui/dom';
import type { ContextChips } from './context-chips';
import { InputHistory } from './input-history';
import { MentionSuggest } from './mention-suggest';

export interface ChatInputDeps {
  chips: ContextChips;
  /** Workspace files for the `@` suggestions, best first: the open editors when `query` is ''. */
  findFiles(query: string): Promise<string[]>;
  /** Beside Send and Stop (the size picker). */
  beside: HTMLElement;
  /** Whether a message may be sent now (no answer is being written). */
  canSend(): boolean;
  send(message: string): void;
  stop(): void;
}

/**
 * The chat's input: the message box with its `@` suggestions, Up and Down through the questions
 * asked before, Enter to send (Shift+Enter for a new line), and Send or Stop beside it.
 */
export class ChatInput {
  readonly el: HTMLElement;
  private readonly input = h('textarea', { class: 'ai-input', rows: '3', placeholder: 'Ask about your code (@ adds a file or a search)',
    'aria-label': 'Message', 'data-testid': 'ai-input' });
  private readonly send = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'ai-send' }, 'Send');
  private readonly stop = h('button', { class: 'btn', type: 'button', 'data-testid': 'ai-stop', hidden: true }, 'Stop');
  private readonly suggest: MentionSuggest;
  /** The messages asked before, for Up and Down in the input. */
  private readonly asked = new InputHistory();

  constructor(private readonly deps: ChatInputDeps) {
    this.suggest = new MentionSuggest(this.input, {
      files: (query) => deps.findFiles(query),
      changed: () => deps.chips.setMessage(this.input.value),
    });
    this.el = h('div', { class: 'ai-input-row' }, this.suggest.el, this.input,
      h('div', { class: 'ai-input-buttons' }, this.send, this.stop, deps.beside));
    this.send.addEventListener('click', () => {
      // The button goes while the answer is written: the keyboard goes back where the next message is typed.
      this.input.focus();
      this.submit();
    });
    this.stop.addEventListener('click', () => deps.stop());
    this.input.addEventListener('keydown', (e) => {
      if (this.suggest.keydown(e)) return;
      if (this.asked.keydown(e, this.input)) {
        e.preventDefault();
        deps.chips.setMessage(this.input.value);
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.asked.edited();
      deps.chips.setMessage(this.input.value);
      this.suggest.update();
    });
  }

  focus(): void {
    this.input.focus();
  }

  /** While an answer is written, Stop stands where Send was (and keeps the focus if Send had it). */
  setBusy(busy: boolean): void {
    const leaving = busy ? this.send : this.stop;
    const hadFocus = document.activeElement === leaving;
    this.send.hidden = busy;
    this.stop.hidden = !busy;
    if (hadFocus) this.input.focus();
  }

  /** The questions of a conversation opened, oldest first, for Up and Down. */
  resetAsked(questions: readonly string[]): void {
    this.asked.reset(questions);
  }

  /** A message the server refused goes back to the input, unless the user typed another since. */
  giveBack(message: string): void {
    if (this.input.value.trim()) return;
    this.input.value = message;
    this.deps.chips.setMessage(message);
  }

  private submit(): void {
    const message = this.input.value.trim();
    if (!message || !this.deps.canSend()) return;
    this.asked.add(message);
    this.input.value = '';
    this.deps.chips.setMessage('');
    this.deps.send(message);
  }
}

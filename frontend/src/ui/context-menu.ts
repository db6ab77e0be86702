import { h } from './dom';

export interface MenuItem {
  id: string;
  label: string;
  run: () => void;
}

let open: HTMLElement | undefined;

export function closeContextMenu(): void {
  open?.remove();
  open = undefined;
}

/** Shows a context menu at the pointer; closes on click elsewhere, Escape or blur. */
export function showContextMenu(x: number, y: number, items: MenuItem[]): void {
  closeContextMenu();
  const menu = h('div', { class: 'context-menu', role: 'menu', 'data-testid': 'context-menu' });
  for (const item of items) {
    const el = h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': `menu-${item.id}` }, item.label);
    el.addEventListener('click', () => { closeContextMenu(); item.run(); });
    menu.append(el);
  }
  document.body.append(menu);
  const rect = menu.getBoundingClientRect();
  menu.style.left = `${Math.min(x, window.innerWidth - rect.width - 4)}px`;
  menu.style.top = `${Math.min(y, window.innerHeight - rect.height - 4)}px`;
  open = menu;
  (menu.firstElementChild as HTMLElement | null)?.focus();
}

document.addEventListener('mousedown', (e) => {
  if (open && !open.contains(e.target as Node)) closeContextMenu();
});
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeContextMenu(); });
window.addEventListener('blur', closeContextMenu);

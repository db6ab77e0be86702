// TODO Tree's browser module: the TODOs side view and a status-bar count.
//
// Everything shown comes from ext/todo-tree/list. Text from the workspace only ever goes
// into the page through textContent and attributes, never as markup.

const VIEW = 'todos';
const TAGS_SETTING = 'todo-tree.tags';
const REFRESH_COMMAND = 'todo-tree.refresh';
const SHOW_COMMAND = 'todo-tree.show';
const STYLE_ID = 'todo-tree-style';

let disposables = [];

export function activate(stratus) {
  disposables = [];
  const todos = createTodos(stratus);
  const collapsed = new Set();

  disposables.push(addStyle());
  disposables.push(stratus.commands.register(SHOW_COMMAND, () => stratus.views.show(VIEW)));
  disposables.push(stratus.views.register({
    id: VIEW,
    title: 'TODOs',
    icon: 'checklist',
    location: 'side',
    render: (container) => renderView(container, stratus, todos, collapsed),
  }));

  const status = stratus.statusBar.add({ text: 'TODOs', tooltip: 'Show the TODOs view', command: SHOW_COMMAND });
  disposables.push(status);
  disposables.push(todos.subscribe((state) => status.update({ text: statusText(state) })));

  disposables.push(stratus.rpc.onNotification('changed', () => todos.load()));
  disposables.push(stratus.settings.onDidChange((change) => {
    // Reload only for our setting when the change says which keys it is about.
    const keys = change && Array.isArray(change.keys) ? change.keys : null;
    if (!keys || keys.includes(TAGS_SETTING)) {
      todos.load();
    }
  }));

  todos.load();
}

export function deactivate() {
  for (const d of disposables.reverse()) {
    try {
      d.dispose();
    } catch (e) {
      console.warn('todo-tree: dispose failed', e);
    }
  }
  disposables = [];
}

// The list and its loading state, shared by every rendering of the view and the status bar.
// Loads asked for while one runs are merged into a single next load: a refresh reaches a
// browser both as the command's result and as the changed notification.
function createTodos(stratus) {
  let state = { status: 'loading', items: [], truncated: false, error: '' };
  let running = null;
  let again = false;
  const listeners = new Set();

  const set = (next) => {
    state = next;
    for (const listener of listeners) {
      listener(state);
    }
  };

  const fetchOnce = async () => {
    set({ ...state, status: 'loading' });
    try {
      const list = await stratus.rpc.request('list', {});
      set({
        status: 'ready',
        items: Array.isArray(list && list.items) ? list.items : [],
        truncated: Boolean(list && list.truncated),
        error: '',
      });
    } catch (e) {
      set({ ...state, status: 'error', error: errorMessage(e) });
    }
  };

  return {
    get state() {
      return state;
    },
    load() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await fetchOnce();
        } while (again);
        running = null;
      })();
      return running;
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(state);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}

function renderView(container, stratus, todos, collapsed) {
  const summary = el('span', 'todo-tree-summary');
  const refresh = el('button', 'todo-tree-icon-button');
  refresh.type = 'button';
  refresh.title = 'Refresh';
  refresh.setAttribute('aria-label', 'Refresh TODOs');
  refresh.dataset.testid = 'todo-refresh';
  refresh.append(icon('refresh'));
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    try {
      // The command tells every browser of the workspace (changed), this one included.
      await stratus.commands.execute(REFRESH_COMMAND);
    } catch (e) {
      stratus.ui.toast(`TODOs: ${errorMessage(e)}`, 'error');
    } finally {
      refresh.disabled = false;
    }
  });

  const list = el('div', 'todo-tree-list');
  list.setAttribute('role', 'list');
  const root = el('div', 'todo-tree');
  root.append(div('todo-tree-toolbar', summary, refresh), list);
  container.replaceChildren(root);

  const draw = (state) => {
    summary.textContent = summaryText(state);
    list.setAttribute('aria-busy', String(state.status === 'loading'));
    if (state.status === 'error') {
      const message = el('div', 'todo-tree-message todo-tree-error', `Could not list TODOs: ${state.error}`);
      message.setAttribute('role', 'alert');
      list.replaceChildren(message);
      return;
    }
    if (state.items.length === 0) {
      list.replaceChildren(state.status === 'loading'
        ? el('div', 'todo-tree-message', 'Looking for TODOs…')
        : emptyState());
      return;
    }
    list.replaceChildren(...groups(state.items, stratus, collapsed, () => draw(todos.state)));
    if (state.truncated) {
      list.append(el('div', 'todo-tree-message', `Only the first ${state.items.length} are listed.`));
    }
  };

  const subscription = todos.subscribe(draw);
  return {
    dispose() {
      subscription.dispose();
      root.remove();
    },
  };
}

function groups(items, stratus, collapsed, redraw) {
  const byPath = new Map();
  for (const item of items) {
    if (!byPath.has(item.path)) {
      byPath.set(item.path, []);
    }
    byPath.get(item.path).push(item);
  }
  const nodes = [];
  for (const [path, fileItems] of byPath) {
    const open = !collapsed.has(path);
    const header = el('button', 'todo-tree-file');
    header.type = 'button';
    header.title = path;
    header.setAttribute('aria-expanded', String(open));
    header.append(
      icon(open ? 'chevron-down' : 'chevron-right'),
      el('span', 'todo-tree-path', path),
      el('span', 'todo-tree-count', String(fileItems.length)));
    header.addEventListener('click', () => {
      if (open) {
        collapsed.add(path);
      } else {
        collapsed.delete(path);
      }
      redraw();
    });
    const group = div('todo-tree-group', header);
    group.setAttribute('role', 'listitem');
    if (open) {
      for (const item of fileItems) {
        group.append(itemRow(item, stratus));
      }
    }
    nodes.push(group);
  }
  return nodes;
}

function itemRow(item, stratus) {
  const row = el('button', 'todo-tree-item');
  row.type = 'button';
  row.dataset.testid = 'todo-item';
  row.title = `${item.path}:${item.line}`;
  const tag = el('span', item.tag === 'TODO' ? 'todo-tree-tag' : 'todo-tree-tag todo-tree-tag-warn', item.tag);
  row.append(tag, el('span', 'todo-tree-text', item.text), el('span', 'todo-tree-line', `:${item.line}`));
  row.addEventListener('click', () => {
    Promise.resolve(stratus.workspace.openFile(item.path, { line: item.line, column: item.column }))
      .catch((e) => stratus.ui.toast(`Could not open ${item.path}: ${errorMessage(e)}`, 'error'));
  });
  return row;
}

function emptyState() {
  const setting = el('code', '', TAGS_SETTING);
  const hint = el('div', 'todo-tree-hint');
  hint.append('The tags come from the ', setting, ' setting.');
  return div('todo-tree-message todo-tree-empty', el('div', '', 'No TODOs found.'), hint);
}

function summaryText(state) {
  if (state.status === 'loading' && state.items.length === 0) {
    return 'Searching…';
  }
  if (state.status === 'error') {
    return 'TODOs unavailable';
  }
  return countText(state);
}

function statusText(state) {
  if (state.status === 'error') {
    return 'TODOs: ?';
  }
  if (state.status === 'loading' && state.items.length === 0) {
    return 'TODOs: …';
  }
  return countText(state);
}

function countText(state) {
  const n = state.items.length;
  if (n === 0) {
    return 'No TODOs';
  }
  return `${n}${state.truncated ? '+' : ''} ${n === 1 && !state.truncated ? 'TODO' : 'TODOs'}`;
}

function errorMessage(e) {
  return (e && typeof e.message === 'string' && e.message) || String(e);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function div(className, ...children) {
  const node = el('div', className);
  node.append(...children);
  return node;
}

function icon(name) {
  const node = el('span', `codicon codicon-${name}`);
  node.setAttribute('aria-hidden', 'true');
  return node;
}

// Fixed rules, added once; the IDE's theme variables colour them.
function addStyle() {
  if (document.getElementById(STYLE_ID)) {
    return { dispose() {} };
  }
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = `
.todo-tree { display: flex; flex-direction: column; height: 100%; min-height: 0; color: var(--fg); font-size: 13px; }
.todo-tree-toolbar { display: flex; align-items: center; gap: 6px; padding: 4px 8px; border-bottom: 1px solid var(--border); }
.todo-tree-summary { flex: 1; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.todo-tree button { font: inherit; color: inherit; background: none; border: 0; cursor: pointer; }
.todo-tree-icon-button { padding: 2px 4px; border-radius: 3px; }
.todo-tree-icon-button:disabled { opacity: 0.5; cursor: default; }
.todo-tree-list { flex: 1; overflow: auto; padding: 2px 0; }
.todo-tree-file, .todo-tree-item { display: flex; align-items: center; gap: 6px; width: 100%; text-align: left; padding: 2px 8px; }
.todo-tree-item { padding-left: 28px; }
.todo-tree button:hover, .todo-tree button:focus-visible { background: var(--hover); }
.todo-tree-path, .todo-tree-text { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.todo-tree-count, .todo-tree-line { color: var(--muted); }
.todo-tree-tag { font-weight: 600; color: var(--accent); }
.todo-tree-tag-warn { color: var(--danger); }
.todo-tree-message { padding: 8px 12px; color: var(--muted); }
.todo-tree-error { color: var(--danger); }
.todo-tree-hint { margin-top: 4px; }
`;
  document.head.append(style);
  return { dispose: () => style.remove() };
}

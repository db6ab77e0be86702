// @vitest-environment happy-dom
// The panel over the chat when the assistant cannot answer: no model configured (with what was
// found on this machine), or no assistant at all; and when it is checked.
import { describe, expect, it, vi } from 'vitest';
import { describeStatus, snippetFor, StatusPanel } from '../src/ai/status-panel';
import type { AiClient } from '../src/rpc/ai-client';
import { RpcError } from '../src/rpc/errors';

const q = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe('configured', () => {
  it('names the sizes with a deployment, smallest first, for the chat to offer', () => {
    const d = (tier: string) => ({ name: `d-${tier}`, tier, provider: 'openai', model: 'm', state: 'ready' as const });
    expect(describeStatus({ configured: true, deployments: [d('large'), d('small'), d('large')] }))
      .toEqual({ kind: 'ready', tiers: ['small', 'large'] });
  });
});

describe('not configured', () => {
  it('is a friendly state, not an error', async () => {
    expect(describeStatus({ configured: false, deployments: [] })).toEqual({ kind: 'not-configured', help: expect.stringMatching(/No model/) });
    expect(describeStatus(undefined, new RpcError(-32601, 'Method not found')).kind).toBe('unavailable');
    const client = { status: async () => ({ configured: false, deployments: [], help: 'Add an `ai:` section. <b onclick=x>' }) } as unknown as AiClient;
    let ready: boolean | undefined;
    const panel = new StatusPanel(client, (r) => { ready = r; });
    await panel.refresh();
    expect(ready).toBe(false);
    const el = q(panel.el, 'ai-not-configured')!;
    expect(el.textContent).toContain('Add an ai: section.');
    expect(el.querySelector('b')).toBeNull();
    expect(q(el, 'ai-config-example')!.textContent).toContain('provider: openai');
  });

  it('shows the server\'s example as code, and no second one', async () => {
    const help = 'No AI model is configured. Add an ai: section to stratus.yaml; the edit is picked up within a few seconds:\n\n'
      + '    ai:\n      deployments:\n        - name: local-small\n          provider: openai\n\nKeys come from the environment.';
    const client = { status: async () => ({ configured: false, deployments: [], help }) } as unknown as AiClient;
    const panel = new StatusPanel(client, () => undefined);
    await panel.refresh();
    const el = q(panel.el, 'ai-not-configured')!;
    expect(el.querySelectorAll('pre')).toHaveLength(1);
    expect(q(el, 'ai-config-example')!.textContent).toBe('ai:\n  deployments:\n    - name: local-small\n      provider: openai\n');
  });
});

describe('a model server found on the machine', () => {
  const ollama = { server: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.2:3b', 'nomic-embed-text:latest', 'qwen2.5-coder:7b'] };
  const help = 'No AI model is configured. Add an ai: section to stratus.yaml:\n\n    ai:\n      deployments: []\n\nKeys come from the environment.';

  it('is named with its models, and a section to paste that uses a coding model on it', async () => {
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => { writes.push(t); } } });
    const client = { status: async () => ({ configured: false, deployments: [], help, found: [ollama] }) } as unknown as AiClient;
    const panel = new StatusPanel(client, () => undefined);
    await panel.refresh();
    const found = q(panel.el, 'ai-found')!;
    expect(found.textContent).toContain(
      'Found on this machine: Ollama at http://127.0.0.1:11434/v1 with llama3.2:3b, nomic-embed-text:latest, qwen2.5-coder:7b.');
    expect(found.textContent).toContain('picked up within seconds');
    const snippet = 'ai:\n  deployments:\n    - name: local-small\n      tier: small\n      provider: openai\n'
      + '      baseUrl: http://127.0.0.1:11434/v1\n      model: qwen2.5-coder:7b\n';
    expect(q(found, 'ai-found-config')!.textContent).toBe(snippet);
    q(found, 'ai-found-copy')!.click();
    await vi.waitFor(() => expect(q(found, 'ai-found-copied')!.textContent).toBe('Copied.'));
    expect(q(found, 'ai-found-copied')!.getAttribute('role')).toBe('status');
    expect(writes).toEqual([snippet]);
    // The general help is still there, folded away behind the found server.
    expect(q(panel.el, 'ai-other-model')!.textContent).toContain('Keys come from the environment.');
    expect(q(panel.el, 'ai-config-example')!.closest('details')).not.toBeNull();
  });

  it('takes the first model when no name says code, never an embedding model, and quotes names YAML would misread', () => {
    expect(snippetFor({ server: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', models: ['bge-embed', 'meta-llama/Llama-3.1-8B-Instruct'] }))
      .toContain('      model: meta-llama/Llama-3.1-8B-Instruct\n');
    expect(snippetFor({ server: 'llama.cpp', baseUrl: 'http://127.0.0.1:8080/v1', models: ['my model #1'] }))
      .toContain('      model: "my model #1"\n');
    expect(snippetFor({ server: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: [] })).toBeUndefined();
  });

  it('serving no model yet is said so, with no section to paste and the general help open', async () => {
    const empty = { ...ollama, models: [] };
    const client = { status: async () => ({ configured: false, deployments: [], help, found: [empty] }) } as unknown as AiClient;
    const panel = new StatusPanel(client, () => undefined);
    await panel.refresh();
    expect(q(panel.el, 'ai-found')!.textContent).toBe('Found on this machine: Ollama at http://127.0.0.1:11434/v1, serving no model yet.');
    expect(q(panel.el, 'ai-found-copy')).toBeNull();
    expect(q(panel.el, 'ai-other-model')).toBeNull();
    expect(q(panel.el, 'ai-config-example')!.textContent).toBe('ai:\n  deployments: []\n');
  });

  it('without found, the panel is as before: the server\'s help and its example', async () => {
    for (const found of [undefined, []]) {
      const client = { status: async () => ({ configured: false, deployments: [], help, found }) } as unknown as AiClient;
      const panel = new StatusPanel(client, () => undefined);
      await panel.refresh();
      expect(q(panel.el, 'ai-found')).toBeNull();
      expect(q(panel.el, 'ai-other-model')).toBeNull();
      expect(q(panel.el, 'ai-config-example')!.textContent).toBe('ai:\n  deployments: []\n');
    }
  });
});

describe('status checks', () => {
  it('show the latest check, not one that ended after it', async () => {
    // A check sent before the connection opened fails after the one sent once it opened succeeded.
    let failFirst: (e: unknown) => void = () => undefined;
    const answers = [
      new Promise((_, reject) => { failFirst = reject; }),
      Promise.resolve({ configured: true, deployments: [] }),
    ];
    const client = { status: () => answers.shift() } as unknown as AiClient;
    let ready: boolean | undefined;
    const panel = new StatusPanel(client, (r) => { ready = r; });
    const first = panel.refresh();
    await panel.refresh();
    expect(ready).toBe(true);
    failFirst(new RpcError(-1, 'not connected'));
    await first;
    expect(ready).toBe(true);
    expect(panel.el.hidden).toBe(true);
  });
});

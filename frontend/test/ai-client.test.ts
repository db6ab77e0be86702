import { describe, expect, it } from 'vitest';
import { AiEventRouter } from '../src/ai/event-router';
import type { WorkspaceConnection } from '../src/rpc/connection';
import { AiClient, type AiEvent } from '../src/rpc/ai-client';

function stub(answers: Record<string, unknown> = {}) {
  const calls: [string, object][] = [];
  const handlers = new Map<string, (p: unknown) => void>();
  const rpc = {
    request: async (method: string, params: object) => { calls.push([method, params]); return answers[method] ?? {}; },
    onNotification: (method: string, h: (p: unknown) => void) => handlers.set(method, h),
  } as unknown as WorkspaceConnection;
  return { client: new AiClient(rpc), calls, handlers };
}

describe('AiClient', () => {
  it('calls every ai/* method with its documented params', async () => {
    const { client, calls } = stub({
      'ai/chat': { conversationId: 'c1', requestId: 'r1' },
      'ai/applyEdit': { version: 'v2' },
      'ai/conversations': { conversations: [{ id: 'c1', title: 'Hi', updated: 1 }] },
    });
    await client.status();
    await client.route('why', 'explain', { paths: ['a.ts'] });
    expect(await client.chat({ message: 'hi', context: { search: 'x' } })).toEqual({ conversationId: 'c1', requestId: 'r1' });
    await client.chat({ conversationId: 'c1', message: 'more', task: 'explain' });
    await client.edit({ path: 'a.ts', selection: { startLine: 1, endLine: 2 }, instruction: 'rename', task: 'apply-edit' });
    expect(await client.applyEdit({ requestId: 'r2', path: 'a.ts', newText: 'x', expectedVersion: 'v1' })).toEqual({ version: 'v2' });
    await client.proposedEdit('.env', 'A=[REDACTED:openai-key]\n');
    await client.cancel('r1');
    await client.approveTool('r1', 'call-1', false);
    await client.approveTool('r1', 'call-0', true, { step: 2, index: 1 });
    expect(await client.conversations()).toEqual([{ id: 'c1', title: 'Hi', updated: 1 }]);
    await client.conversation('c1');
    await client.deleteConversation('c1');
    expect(calls).toEqual([
      ['ai/status', {}],
      ['ai/route', { message: 'why', task: 'explain', context: { paths: ['a.ts'] } }],
      ['ai/chat', { message: 'hi', context: { search: 'x' } }],
      ['ai/chat', { conversationId: 'c1', message: 'more', task: 'explain' }],
      ['ai/edit', { path: 'a.ts', selection: { startLine: 1, endLine: 2 }, instruction: 'rename', task: 'apply-edit' }],
      ['ai/applyEdit', { requestId: 'r2', path: 'a.ts', newText: 'x', expectedVersion: 'v1' }],
      ['ai/proposedEdit', { path: '.env', content: 'A=[REDACTED:openai-key]\n' }],
      ['ai/cancel', { requestId: 'r1' }],
      ['ai/approveTool', { requestId: 'r1', callId: 'call-1', approved: false }],
      ['ai/approveTool', { requestId: 'r1', callId: 'call-0', approved: true, step: 2, index: 1 }],
      ['ai/conversations', {}],
      ['ai/conversation', { conversationId: 'c1' }],
      ['ai/deleteConversation', { conversationId: 'c1' }],
    ]);
  });

  it('fills what a sparse answer leaves out', async () => {
    const { client } = stub();
    expect(await client.status()).toEqual({ configured: false, deployments: [], help: undefined });
    expect(await client.conversations()).toEqual([]);
    expect(await client.conversation('c9')).toEqual({ id: 'c9', title: '', messages: [] });
  });

  it('tags the four notifications and stops when disposed', () => {
    const { client, handlers } = stub();
    const seen: AiEvent[] = [];
    const sub = client.onEvent((e) => seen.push(e));
    handlers.get('ai/delta')!({ requestId: 'r', text: 'a' });
    handlers.get('ai/notice')!({ requestId: 'r', kind: 'waiting', message: 'w' });
    handlers.get('ai/toolCall')!({ requestId: 'r', callId: 'c', name: 'read', arguments: {}, requiresApproval: false, state: 'running' });
    handlers.get('ai/done')!({ requestId: 'r', conversationId: 'c' });
    sub.dispose();
    handlers.get('ai/delta')!({ requestId: 'r', text: 'b' });
    expect(seen.map((e) => e.type)).toEqual(['delta', 'notice', 'toolCall', 'done']);
  });
});

describe('AiEventRouter', () => {
  const delta = (requestId: string, text: string): AiEvent => ({ type: 'delta', params: { requestId, text } });

  it('replays events that arrived before the request was claimed', () => {
    const router = new AiEventRouter();
    router.dispatch(delta('r1', 'early '));
    router.dispatch(delta('r2', 'other'));
    const got: string[] = [];
    router.claim('r1', (e) => got.push(e.type === 'delta' ? e.params.text : e.type));
    router.dispatch(delta('r1', 'late'));
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c' } });
    router.dispatch(delta('r1', 'after done'));
    expect(got).toEqual(['early ', 'late', 'done']);
  });
});

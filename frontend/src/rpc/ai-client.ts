import type { Disposable } from '../disposable';
import type { WorkspaceConnection } from './connection';
import type { Version } from './fs-client';
import { subscribe } from './notifications';

/** The AI assistant's `ai/*` surface, docs/protocol.md "AI assistant". */

export type AiTask = 'fix-syntax' | 'quick-fix' | 'commit-message' | 'apply-edit' | 'explain' | 'document'
  | 'generate-tests' | 'refactor-file' | 'refactor-multi-file' | 'design';

export interface AiDeployment {
  name: string;
  tier: string;
  provider: string;
  model: string;
  contextTokens?: number;
  tools?: boolean;
  state: 'ready' | 'cooling-down' | 'unreachable';
  /** Epoch ms or an ISO time until which a cooling-down deployment waits (as the server sends it). */
  until?: string | number;
  problem?: string;
}

export interface AiStatus {
  configured: boolean;
  deployments: AiDeployment[];
  /** How to configure a model, when none is. */
  help?: string;
  /** Model servers answering on the server's machine, while no model is configured (v1 addition). */
  found?: AiFoundServer[];
}

/** A model server found on the server's machine: never used until it is configured. */
export interface AiFoundServer {
  /** `Ollama`, `llama.cpp`, `vLLM`, `LM Studio` or `OpenAI-compatible`. */
  server: string;
  /** Its OpenAI-compatible API, as a deployment's `baseUrl` takes it. */
  baseUrl: string;
  /** The first 20 models it lists. */
  models: string[];
}

/** 1-based, inclusive lines. */
export interface AiSelection {
  path: string;
  startLine: number;
  endLine: number;
  text: string;
}

export interface AiContext {
  paths?: string[];
  selection?: AiSelection;
  search?: string;
  /** Problems the editor shows (the language servers' diagnostics), for the model to see. */
  diagnostics?: AiDiagnostic[];
  /** The editor's text of files among `paths` that have unsaved changes: the server uses it instead of the disk's. */
  documents?: { path: string; text: string }[];
}

export interface AiRouteDecision {
  tier: string;
  deployment?: string;
  model?: string;
  reasons: string[];
  fallback: boolean;
}

export interface AiStarted {
  conversationId: string;
  requestId: string;
}

/** A model size the user picked in the chat (v1 addition); none, or `auto`, routes each question by what it needs. */
export type AiTier = 'small' | 'medium' | 'large';

export interface AiChatParams {
  conversationId?: string;
  message: string;
  task?: AiTask;
  context?: AiContext;
  tier?: AiTier;
  /**
   * Try again (v1 addition): the request whose unfinished answer, the conversation's last, this
   * one asks again in place of; its model is not sent that exchange, which is replaced once this
   * answer is kept. Ignored once another exchange came after it.
   */
  retryOf?: string;
}

export interface AiEditParams {
  path: string;
  selection?: { startLine: number; endLine: number };
  instruction: string;
  task?: AiTask;
  /** An earlier `ai/edit` of this file whose saved result the language server found new errors in. */
  escalateFrom?: string;
  /** Those errors, as the editor shows them. */
  problems?: string[];
}

export interface AiDiagnostic {
  path: string;
  line: number;
  severity: string;
  message: string;
  source?: string;
}

export interface AiApplyEditParams {
  requestId: string;
  path: string;
  newText: string;
  expectedVersion: Version;
  /** The file's text the edit was computed from: the write is refused (Conflict) when the file differs. */
  baseText?: string;
}

export interface AiConversationSummary {
  id: string;
  title: string;
  updated: string | number;
}

export interface AiRoute {
  tier: string;
  deployment: string;
  model: string;
  reasons: string[];
  fallbacks: { deployment: string; reason: string }[];
}

export interface AiUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface AiStoredMessage {
  role: 'user' | 'assistant';
  /** An answer's: the text of all its steps. */
  text: string;
  route?: AiRoute;
  usage?: AiUsage;
  /** An answer's tool steps, each `at` characters into `text`; absent for none, and in older conversations. */
  steps?: AiStoredStep[];
  /** The request that gave the answer: a proposal of its steps is written under it after a review. */
  requestId?: string;
  /** The notices shown with an answer, in order; absent for none, and in older conversations. */
  notices?: AiStoredNotice[];
  /** The model's thinking shown beside the answer (its start, when long); absent for none, and in older conversations. */
  thinking?: string;
  /** A question's task (v1 addition); absent for free chat, and in older conversations. */
  task?: AiTask;
  /** What a question was asked with, but the unsaved text of files (v1 addition); `{}` for nothing, absent in older conversations. */
  context?: AiContext;
  /** How an answer that did not complete ended (v1 addition); absent for a complete answer, and in older conversations. */
  ended?: 'stopped' | 'failed' | 'interrupted';
  /** A failed answer's error code, as its `ai/done` carried it (v1 addition). */
  errorCode?: number;
}

/** A notice of a stored answer, as it was shown (a restart's dropped text is not kept). */
export interface AiStoredNotice {
  kind: AiNoticeKind;
  message: string;
  /** Where in the answer's text it was shown. */
  at: number;
  /** The agent step it came in, from 1: at the same `at` it comes after earlier steps' tool steps, before its own's. */
  step: number;
}

/** A tool step of a stored answer, as it last stood. */
export interface AiStoredStep {
  step: number;
  index: number;
  callId: string;
  name: string;
  /** As the model wrote them; cut (`argumentsCut`) when long, except a proposal's up to a large bound. */
  arguments: string;
  argumentsCut?: boolean;
  requiresApproval: boolean;
  state: AiToolState;
  result?: string;
  /** Where in the answer's text the step happened. */
  at: number;
}

export interface AiConversation {
  id: string;
  title: string;
  messages: AiStoredMessage[];
}

export interface AiDelta {
  requestId: string;
  text: string;
}

/** `ai/thinking`: more of a chat answer's thinking, shown beside the answer, never part of it. */
export interface AiThinking {
  requestId: string;
  text: string;
}

export type AiNoticeKind = 'fallback' | 'restart' | 'waiting' | 'escalation' | 'tool' | 'length' | 'steps' | 'context' | 'thinking';

export interface AiNotice {
  requestId: string;
  kind: AiNoticeKind;
  message: string;
  /** For `restart`: how many characters already shown were dropped. */
  discardedChars?: number;
}

/** `stopped`: the request was stopped while the call waited or ran, or (in a stored answer) a call the answer ended before. */
/** `repeated`: not run, as the answer's model made the same call before; `result` is what it was told instead. */
export type AiToolState = 'pending' | 'running' | 'done' | 'denied' | 'failed' | 'stopped' | 'repeated';

export interface AiToolCall {
  requestId: string;
  callId: string;
  name: string;
  arguments: unknown;
  requiresApproval: boolean;
  state: AiToolState;
  result?: unknown;
  /**
   * The agent step of the call (from 1) and its index among that step's calls (from 0): together
   * they name it, as a model may repeat ids. Absent from servers before they were sent.
   */
  step?: number;
  index?: number;
  /** A stored step's arguments were cut to keep the conversation small. */
  argumentsCut?: boolean;
  /**
   * A done `propose_edit` of an existing file: the file as it was read (`oldText`) and the
   * proposal with the file's secrets back in place of the placeholders the model saw (`newText`).
   */
  edit?: AiFileEdit;
}

/** Where a tool call was made: its agent step and its index in it. */
export interface AiToolCallAt {
  step: number;
  index: number;
}

export interface AiFileEdit {
  path: string;
  oldText: string;
  newText: string;
}

export interface AiDone {
  requestId: string;
  conversationId: string;
  route?: AiRoute;
  usage?: AiUsage;
  edits?: AiFileEdit[];
  /** `retryAfterSeconds`: when asking again may be answered (an `ai/complete` refused by a rate limit). */
  error?: { code: number; message: string; retryAfterSeconds?: number };
}

/**
 * `ai/conversationChanged`: a conversation of this workspace was stored (`updated`: a new one, or
 * a turn added) or deleted over another connection of the same user (another tab or window).
 */
export interface AiConversationChanged {
  conversationId: string;
  change: 'updated' | 'deleted';
  title?: string;
  updated?: string;
}

/** Every `ai/*` notification, tagged, as the answer views consume them. */
export type AiEvent =
  | { type: 'delta'; params: AiDelta }
  | { type: 'notice'; params: AiNotice }
  | { type: 'thinking'; params: AiThinking }
  | { type: 'toolCall'; params: AiToolCall }
  | { type: 'done'; params: AiDone };

type Connection = Pick<WorkspaceConnection, 'request' | 'onNotification'>;

/** Typed `ai/*` calls and notifications. */
export class AiClient {
  constructor(private readonly rpc: Connection) {}

  async status(): Promise<AiStatus> {
    const r = await this.rpc.request<Partial<AiStatus>>('ai/status', {});
    return { configured: !!r.configured, deployments: r.deployments ?? [], help: r.help, found: r.found };
  }

  /** Which tier and deployment would answer, without calling a model. */
  route(message: string, task?: AiTask, context?: AiContext): Promise<AiRouteDecision> {
    return this.rpc.request('ai/route', { message, task, context });
  }

  chat(params: AiChatParams): Promise<AiStarted> {
    return this.rpc.request('ai/chat', params);
  }

  edit(params: AiEditParams): Promise<AiStarted> {
    return this.rpc.request('ai/edit', params);
  }

  /** Writes a reviewed edit through the file service; 1003 Conflict when the file changed. */
  applyEdit(params: AiApplyEditParams): Promise<{ version: Version }> {
    return this.rpc.request('ai/applyEdit', params);
  }

  /**
   * The edit a stored `propose_edit` (its path and content as the model wrote them) makes of the
   * file as it is now, the file's secrets back in place of the placeholders; nothing is written.
   * 1005 PermissionDenied when they cannot be put back with certainty, 1001 when the file is gone.
   */
  /** An `ai/edit` proposal not applied yet (NotFound once applied), to review it again after a reload. */
  proposal(requestId: string): Promise<AiFileEdit> {
    return this.rpc.request('ai/proposal', { requestId });
  }

  proposedEdit(path: string, content: string): Promise<AiFileEdit> {
    return this.rpc.request('ai/proposedEdit', { path, content });
  }

  /**
   * An inline completion of the code at the cursor: its text comes as `ai/delta`, then `ai/done`.
   * NotFound 1001 when no configured model serves text completions.
   */
  complete(prefix: string, suffix: string): Promise<{ requestId: string }> {
    return this.rpc.request('ai/complete', { prefix, suffix });
  }

  async cancel(requestId: string): Promise<void> {
    await this.rpc.request('ai/cancel', { requestId });
  }

  /**
   * Takes up a chat answer whose page went away (this page before a reload, or before its
   * connection dropped) (v1 addition): its notifications so far come again, then the rest.
   * NotFound 1001 when no answer waits under that id.
   */
  resume(requestId: string): Promise<AiStarted> {
    return this.rpc.request('ai/resume', { requestId });
  }

  /** `at`: the call's step and index, which name it when the model gave several calls one id. */
  async approveTool(requestId: string, callId: string, approved: boolean, at?: AiToolCallAt): Promise<void> {
    await this.rpc.request('ai/approveTool', { requestId, callId, approved, ...(at ? { step: at.step, index: at.index } : {}) });
  }

  async conversations(): Promise<AiConversationSummary[]> {
    const r = await this.rpc.request<{ conversations?: AiConversationSummary[] }>('ai/conversations', {});
    return r.conversations ?? [];
  }

  async conversation(conversationId: string): Promise<AiConversation> {
    const r = await this.rpc.request<Partial<AiConversation>>('ai/conversation', { conversationId });
    return { id: r.id ?? conversationId, title: r.title ?? '', messages: r.messages ?? [] };
  }

  /** Deletes a conversation of this workspace; 1001 NotFound when there is none with that id. */
  async deleteConversation(conversationId: string): Promise<void> {
    await this.rpc.request('ai/deleteConversation', { conversationId });
  }

  /** All four answer notifications through one listener, in arrival order. */
  onEvent(listener: (e: AiEvent) => void): Disposable {
    const subs = [
      subscribe(this.rpc, 'ai/delta', (p) => listener({ type: 'delta', params: p as AiDelta })),
      subscribe(this.rpc, 'ai/notice', (p) => listener({ type: 'notice', params: p as AiNotice })),
      subscribe(this.rpc, 'ai/thinking', (p) => listener({ type: 'thinking', params: p as AiThinking })),
      subscribe(this.rpc, 'ai/toolCall', (p) => listener({ type: 'toolCall', params: p as AiToolCall })),
      subscribe(this.rpc, 'ai/done', (p) => listener({ type: 'done', params: p as AiDone })),
    ];
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  }

  /** `ai/conversationChanged`: another tab or window of this user stored or deleted a conversation. */
  onConversationChanged(listener: (c: AiConversationChanged) => void): Disposable {
    return subscribe(this.rpc, 'ai/conversationChanged', (p) => listener(p as AiConversationChanged));
  }

  /**
   * An extension was activated again, deactivated or failed: among them the assistant itself,
   * as when an edit of the server's `ai:` configuration was applied.
   */
  onExtensionsChanged(listener: () => void): Disposable {
    return subscribe(this.rpc, 'extensions/didChange', () => listener());
  }
}


// A scripted OpenAI-compatible upstream for the browser and gateway tests: a real HTTP server on
// loopback that streams chat completions in the OpenAI wire format (SSE chunks, a usage chunk,
// [DONE]). The model's answer is chosen from the request: an edit prompt ("You edit one file")
// gets the file back with `int x;` renamed (with BREAK_TYPES in the instruction: a TypeScript
// type error from every model but local-large); a chat message "PROPOSE_EDIT <path> => <line>" with
// tools offered gets a propose_edit tool call (arguments in two deltas) and, after its result,
// text; "MULTI <path>" with tools offered gets an agent run that, like llama.cpp's server, numbers
// call ids per answer, so every call is `call_0`: some text and read_file <path>, then more text,
// diagnostics of <path> and list_files of its folder, then propose_edit <path> (its second line
// replaced by "new line"), then a closing text; "RUN_COMMAND <command>" a run_command call (which
// waits for the user's approval), then text; "REVISE <path>: <old> => <new>" a read_file call,
// then a propose_edit of what it read with <old> replaced by <new>, then text; "REPEAT <path>" a
// read_file of <path> twice (the second answered as a repeat), then text; "ENDLESS <path>" a
// list_files at every step, never an answer, until the step limit ends it; anything else a
// Markdown answer naming the model (with SLOW_ANSWER in the message: a long one, taking seconds,
// about 4, or 10 with UNHURRIED too, for a test that must do things while it streams on a busy machine;
// with THINK_FIRST: a reasoning model's, whose thinking, naming THINKING_MARK, streams first as a
// reasoning parser sends it, in `reasoning_content`).
// Text completions (/completions, the editor's inline completion) get "a + b;\n}" for a prompt
// ending in "return ", and nothing otherwise; they are recorded in `completions`.
// It records every request body, so tests can check what left Stratus.
import { createServer } from 'node:http';
import { launchBrowser, login, startServer, waitFor } from './harness.mjs';

export async function startUpstream() {
  const requests = [];
  const completions = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (req.method === 'GET' && req.url.endsWith('/models')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [] }));
        return;
      }
      if (req.method === 'POST' && req.url.endsWith('/v1/completions')) {
        const json = JSON.parse(body);
        completions.push(json);
        streamCompletion(res, json.model, json.prompt.endsWith('return ') ? 'a + b;\n}' : '');
        return;
      }
      if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const json = JSON.parse(body);
      requests.push(json);
      const system = json.messages.find((m) => m.role === 'system')?.content ?? '';
      const user = [...json.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const toolResults = json.messages.filter((m) => m.role === 'tool');
      const callTool = (callId, name, args) => {
        const text = JSON.stringify(args);
        const id = `chatcmpl-${requests.length}`;
        const chunk = (delta, finish = null) => ({ id, object: 'chat.completion.chunk', created: 0, model: json.model,
          choices: [{ index: 0, delta, finish_reason: finish }] });
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        for (const c of [chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: callId, type: 'function',
          function: { name, arguments: text.slice(0, 10) } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: text.slice(10) } }] }), chunk({}, 'tool_calls')]) {
          res.write(`data: ${JSON.stringify(c)}\n\n`);
        }
        res.end('data: [DONE]\n\n');
      };
      const proposal = /PROPOSE_EDIT (\S+) => (.*)$/.exec(user);
      if (proposal && json.stream && json.tools?.length && toolResults.length === 0) {
        // The model calls propose_edit once; after the tool's result it answers in text (below).
        callTool('call_p1', 'propose_edit', { path: proposal[1], content: `${proposal[2]}\n`, summary: 'as asked' });
        return;
      }
      const revision = /REVISE (\S+): (.*) => (.*)$/.exec(user);
      if (revision && json.stream && json.tools?.length && toolResults.length < 2) {
        // The model reads the file, then proposes what it read with one text replaced; then it answers in text.
        if (toolResults.length === 0) callTool('call_r1', 'read_file', { path: revision[1] });
        else callTool('call_r2', 'propose_edit', { path: revision[1], content: toolResults[0].content.replace(revision[2], revision[3]) });
        return;
      }
      const command = /RUN_COMMAND (.*)$/.exec(user);
      if (command && json.stream && json.tools?.length && toolResults.length === 0) {
        // A command needs the user's approval before it runs; after its result the model answers in text.
        callTool('call_c1', 'run_command', { command: command[1] });
        return;
      }
      const repeat = /REPEAT (\S+)/.exec(user);
      if (repeat && json.stream && json.tools?.length) {
        // The model reads the file twice (the second call is answered as a repeat), then answers.
        const step = json.messages.slice(json.messages.findLastIndex((m) => m.role === 'user'))
          .filter((m) => m.role === 'assistant' && m.tool_calls?.length).length;
        const read = [{ name: 'read_file', args: JSON.stringify({ path: repeat[1] }) }];
        streamStep(res, json.model, `chatcmpl-${requests.length}`, ...[['Reading.', read], ['Reading again.', read],
          ['Read it twice.', []]][Math.min(step, 2)]);
        return;
      }
      const endless = /ENDLESS (\S+)/.exec(user);
      if (endless && json.stream && json.tools?.length) {
        // The model never answers: every step lists a folder, until the step limit ends the answer.
        const step = json.messages.filter((m) => m.role === 'tool').length;
        streamStep(res, json.model, `chatcmpl-${requests.length}`, `Looking ${step}.`,
          [{ name: 'list_files', args: JSON.stringify({ path: step % 2 ? endless[1] : '.' }) }]);
        return;
      }
      const multi = /MULTI (\S+)/.exec(user);
      if (multi && json.stream && json.tools?.length) {
        const lastUser = json.messages.findLastIndex((m) => m.role === 'user');
        const step = json.messages.slice(lastUser).filter((m) => m.role === 'assistant' && m.tool_calls?.length).length;
        const path = multi[1];
        const call = (name, args) => ({ name, args: JSON.stringify(args) });
        const script = [
          ['Working on MULTI.', [call('read_file', { path })]],
          ['Step 1: looking.', [call('diagnostics', { path }), call('list_files', { path: path.replace(/\/[^/]*$/, '') })]],
          ['Proposing a change.', [call('propose_edit', { path, content: '# Notes\nnew line\n', summary: 'as asked' })]],
          ['Done with MULTI.', []],
        ][Math.min(step, 3)];
        streamStep(res, json.model, `chatcmpl-${requests.length}`, script[0], script[1]);
        return;
      }
      let answer;
      if (system.includes('You edit one file') && user.includes('BREAK_TYPES')) {
        // Smaller models get the types wrong; the large one gets them right.
        const code = /```[^\n]*\n([\s\S]*?)```/.exec(user)?.[1] ?? '';
        answer = '```ts\n' + code.replace(/number = [^;]+;/, json.model === 'local-large' ? 'number = 2;' : "number = 'two';") + '```\n';
      } else if (system.includes('You edit one file')) {
        const code = /```[^\n]*\n([\s\S]*?)```/.exec(user)?.[1] ?? '';
        answer = '```java\n' + code.replace('int x;', 'int count;') + '```\n';
      } else if (user.includes('SLOW_ANSWER')) {
        answer = 'Slowly, '.repeat(400);
      } else {
        answer = `Hello from **${json.model}**.\n\n\`\`\`js\nconsole.log(1);\n\`\`\`\n`;
      }
      const pieces = answer.match(/[\s\S]{1,12}/g);
      const thinking = user.includes('THINK_FIRST')
        ? 'The user asks how to print a number. THINKING_MARK: console.log prints it; one line will do. '.repeat(3).match(/[\s\S]{1,8}/g)
        : [];
      const id = `chatcmpl-${requests.length}`;
      const chunk = (delta, finish = null) => ({
        id, object: 'chat.completion.chunk', created: 0, model: json.model, choices: [{ index: 0, delta, finish_reason: finish }],
      });
      if (!json.stream) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id, object: 'chat.completion', created: 0, model: json.model,
          choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: pieces.length, total_tokens: 10 + pieces.length } }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const events = [chunk({ role: 'assistant', content: '' }), ...thinking.map((p) => chunk({ reasoning_content: p })),
        ...pieces.map((p) => chunk({ content: p })), chunk({}, 'stop'),
        { id, object: 'chat.completion.chunk', created: 0, model: json.model, choices: [],
          usage: { prompt_tokens: 10, completion_tokens: pieces.length, total_tokens: 10 + pieces.length } }];
      let i = 0;
      const next = () => {
        if (i < events.length) {
          res.write(`data: ${JSON.stringify(events[i++])}\n\n`);
          setTimeout(next, user.includes('UNHURRIED') ? 40 : 15);
        } else {
          res.end('data: [DONE]\n\n');
        }
      };
      next();
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    completions,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Streams a text completion of `text` in two chunks, as OpenAI's /completions does. */
function streamCompletion(res, model, text) {
  const chunk = (t, finish = null) => ({ id: 'cmpl-1', object: 'text_completion', created: 0, model,
    choices: [{ index: 0, text: t, finish_reason: finish, logprobs: null }] });
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  const half = Math.ceil(text.length / 2);
  for (const c of [chunk(text.slice(0, half)), chunk(text.slice(half)), chunk('', 'stop'),
    { id: 'cmpl-1', object: 'text_completion', created: 0, model, choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 } }]) {
    res.write(`data: ${JSON.stringify(c)}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}

/** Streams one agent step: `text`, then `calls` ({name, args}), every one with the id `call_0`. */
function streamStep(res, model, id, text, calls) {
  const chunk = (delta, finish = null) => ({ id, object: 'chat.completion.chunk', created: 0, model,
    choices: [{ index: 0, delta, finish_reason: finish }] });
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  const chunks = [chunk({ role: 'assistant', content: text })];
  calls.forEach((c, index) => chunks.push(chunk({ tool_calls: [{ index, id: 'call_0', type: 'function',
    function: { name: c.name, arguments: c.args } }] })));
  chunks.push(chunk({}, calls.length ? 'tool_calls' : 'stop'));
  chunks.push({ id, object: 'chat.completion.chunk', created: 0, model, choices: [],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } });
  for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** A stratus.yaml with one deployment per tier, all answered by `upstream` (`tools`: they may call tools). */
export function aiConfig(upstream, { tools = false } = {}) {
  const dep = (name, tier) => `    - {name: ${name}, tier: ${tier}, provider: openai, baseUrl: "${upstream.baseUrl}", model: ${name}, contextTokens: 32000, tools: ${tools}}`;
  return ['ai:', '  deployments:', dep('local-small', 'small'), dep('local-medium', 'medium'), dep('local-large', 'large'), ''].join('\n');
}

/**
 * An upstream, a server with `files` configured for it (`aiConfig` options), and a logged-in
 * browser; `close()` stops all three.
 */
export async function aiSession(files, options = {}) {
  const session = { upstream: await startUpstream() };
  session.close = async () => {
    await session.browser?.close();
    await session.server?.stop();
    await session.upstream?.close();
  };
  try {
    session.server = await startServer(files, { config: aiConfig(session.upstream, options) });
    session.browser = await launchBrowser();
    await login(session.browser.page, session.server);
  } catch (e) {
    // The test never gets the session to close: what was started must not keep the run waiting.
    await session.close().catch(() => undefined);
    throw e;
  }
  return session;
}

/** Edit with AI from the command palette, with `instruction`, on the active editor. */
export async function editWithAi(page, instruction) {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('[data-testid="command-palette"] [data-testid="quick-input"]').fill('AI: Edit');
  await page.keyboard.press('Enter');
  const dialog = page.locator('[data-testid="ai-edit-dialog"]');
  await dialog.waitFor();
  await dialog.locator('[data-testid="field-instruction"]').fill(instruction);
  await dialog.locator('[data-testid="dialog-btn-ok"]').click();
}

/** Accepts every hunk of the review that opens (after `check`), saves, and waits for the review to close. */
export async function acceptAndSave(page, check = async () => {}) {
  await page.locator('[data-testid="ai-edit-review"][data-state="review"]').waitFor({ timeout: 30_000 });
  await check();
  await page.locator('[data-testid="ai-edit-accept-all"]').click();
  await page.locator('[data-testid="ai-edit-apply"]').click();
  await page.locator('[data-testid="ai-edit-review"]').waitFor({ state: 'detached', timeout: 15_000 });
}

/**
 * Runs `send` (which sends a chat message) and returns the answer it starts: the assistant
 * message after those shown before, not the last one, which until the new one appears is the
 * previous answer (with a route and steps of its own).
 */
export async function answerTo(page, send) {
  const answers = page.locator('[data-testid="ai-message"][data-role="assistant"]');
  const shown = await answers.count();
  await send();
  await waitFor(async () => (await answers.count()) > shown, 'the new answer to appear', 20_000);
  return answers.nth(shown);
}

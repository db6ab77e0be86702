import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { aiConfig, startUpstream } from './ai-upstream.mjs';
import { startServer } from './harness.mjs';

// The OpenAI-compatible gateway used by the official `openai` npm client, as an external tool
// would: models, a plain and a streamed completion, routed to the organisation's deployments.

const TOKEN = 'gateway-test-token-0123456789abcdef0123';
let upstream;
let server;

before(async () => {
  upstream = await startUpstream();
  server = await startServer({}, { config: aiConfig(upstream, { tools: true }), token: TOKEN });
});

after(async () => {
  await server?.stop();
  await upstream?.close();
});

const client = () => new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: TOKEN, maxRetries: 0 });

test('models lists the routed models, and each can be retrieved by its name', async () => {
  const models = [];
  for await (const m of client().models.list()) models.push(m.id);
  assert.deepEqual(models, ['stratus/auto', 'stratus/small', 'stratus/medium', 'stratus/large']);
  const small = await client().models.retrieve('stratus/small');
  assert.equal(small.id, 'stratus/small');
  assert.equal(small.object, 'model');
  await assert.rejects(client().models.retrieve('stratus/huge'), (e) => e.status === 404 && /stratus\/auto/.test(e.message));
});

test('a completion is routed to the tier asked for, plain and streamed', async () => {
  const plain = await client().chat.completions.create({ model: 'stratus/large', messages: [{ role: 'user', content: 'hi' }] });
  assert.match(plain.choices[0].message.content, /Hello from \*\*local-large\*\*/);
  assert.equal(plain.choices[0].finish_reason, 'stop');
  assert.ok(plain.usage.total_tokens > 0);

  const stream = await client().chat.completions.create({
    model: 'stratus/small', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }],
  });
  let text = '';
  let usage;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  assert.match(text, /Hello from \*\*local-small\*\*/);
  assert.ok(usage.completion_tokens > 0);
  assert.equal(upstream.requests.at(-1).model, 'local-small');
});

test('a wrong token and an unknown model are refused the OpenAI way', async () => {
  const bad = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: 'not-a-token', maxRetries: 0 });
  await assert.rejects(bad.models.list(), (e) => e.status === 401);
  await assert.rejects(client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    (e) => e.status === 404 && /stratus\/auto/.test(e.message));
});

test('sampling options reach the model, and what the gateway cannot honour is refused naming the parameter', async () => {
  const tools = [{ type: 'function', function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object' } } }];
  await client().chat.completions.create({
    model: 'stratus/small', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, top_p: 0.9, stop: ['END'], seed: 7,
    tools, tool_choice: { type: 'function', function: { name: 'read_file' } }, parallel_tool_calls: false,
    response_format: { type: 'json_object' },
  });
  const sent = upstream.requests.at(-1);
  assert.equal(sent.temperature, 0.2);
  assert.equal(sent.top_p, 0.9);
  assert.deepEqual(sent.stop, ['END']);
  assert.equal(sent.seed, 7);
  assert.deepEqual(sent.tool_choice, { type: 'function', function: { name: 'read_file' } });
  assert.equal(sent.parallel_tool_calls, false);
  assert.deepEqual(sent.response_format, { type: 'json_object' });

  const before = upstream.requests.length;
  await assert.rejects(client().chat.completions.create({ model: 'stratus/small', n: 2, messages: [{ role: 'user', content: 'hi' }] }),
    (e) => e.status === 400 && e.param === 'n' && /n must be 1/.test(e.message));
  await assert.rejects(client().chat.completions.create({ model: 'stratus/small', temperature: 3, messages: [{ role: 'user', content: 'hi' }] }),
    (e) => e.status === 400 && e.param === 'temperature');
  await assert.rejects(client().chat.completions.create({ model: 'stratus/small', messages: [{ role: 'user', content: [
    { type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }] }),
    (e) => e.status === 400 && e.param === 'messages[0].content[1]' && /only text content/.test(e.message));
  assert.equal(upstream.requests.length, before, 'nothing was sent upstream');
});

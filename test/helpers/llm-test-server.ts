import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible `/chat/completions` and `/embeddings` server for
 * tests. It records every request body it receives (so tests can assert what
 * a prompt contained) and replies from a script. It measures nothing about
 * model quality: the answers and vectors are whatever the test scripted.
 */
export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: {
    model?: string;
    stream?: boolean;
    messages?: { role: string; content: string }[];
    [key: string]: unknown;
  };
}

export type ScriptedReply =
  | { kind: 'answer'; content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { kind: 'stream'; chunks: string[]; delayMs?: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'hang' };

export type ReplyFunction = (request: RecordedRequest) => ScriptedReply;

/** Vector of one `/embeddings` input. */
export type EmbedFunction = (text: string) => number[];

export interface LlmTestServer {
  /** Base URL including `/v1`, for `SHOPMIND_LLM_BASE_URL` or `config.llm.baseUrl`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queues replies used in order; when the queue is empty, `fallback` answers. */
  enqueue(...replies: ScriptedReply[]): void;
  setFallback(reply: ReplyFunction): void;
  /**
   * Sets how `/embeddings` inputs become vectors; undefined restores the
   * default, which counts characters into 32 hashed slots. When the function
   * throws, the server responds with HTTP 500.
   */
  setEmbedder(embed: EmbedFunction | undefined): void;
  /** Every `/embeddings` input received, in order. */
  embeddingInputs(): string[];
  /** Every message content of every recorded request, joined, for "never contains" checks. */
  allPromptText(): string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendAnswer(response: ServerResponse, content: string, usage = { prompt_tokens: 10, completion_tokens: 5 }): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id: 'test-completion',
      object: 'chat.completion',
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    }),
  );
}

async function sendStream(response: ServerResponse, chunks: string[], delayMs: number): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const piece of chunks) {
    const event = { model: 'test-model', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
    response.write(`data: ${JSON.stringify(event)}\n\n`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  const last = {
    model: 'test-model',
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: chunks.length, total_tokens: 12 + chunks.length },
  };
  response.write(`data: ${JSON.stringify(last)}\n\n`);
  response.end('data: [DONE]\n\n');
}

/** Counts each character into one of 32 slots, so texts sharing characters get similar vectors. */
function characterCounts(text: string): number[] {
  const vector = new Array<number>(32).fill(0);
  for (const character of text) vector[character.codePointAt(0)! % 32]! += 1;
  return vector;
}

function sendEmbeddings(response: ServerResponse, input: unknown, embed: EmbedFunction): void {
  const texts = Array.isArray(input) ? input.map(String) : [String(input)];
  let data: { object: string; index: number; embedding: number[] }[];
  try {
    data = texts.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) }));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: String(error) } }));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ object: 'list', model: 'test-embedding', data, usage: { prompt_tokens: texts.length, total_tokens: texts.length } }));
}

/** Starts the server on 127.0.0.1 with a free port. */
export async function startLlmTestServer(fallback?: ReplyFunction): Promise<LlmTestServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let reply: ReplyFunction = fallback ?? (() => ({ kind: 'answer', content: '好的。' }));
  let embed: EmbedFunction = characterCounts;
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer(async (request, response) => {
    const text = await readBody(request);
    let body: RecordedRequest['body'] = {};
    try {
      body = JSON.parse(text) as RecordedRequest['body'];
    } catch {
      body = { unparsed: text };
    }
    const recorded: RecordedRequest = { path: request.url ?? '', headers: request.headers, body };
    requests.push(recorded);
    // Embedding calls take a queued failure (status or hang) when one is next, and vectors otherwise.
    const queuedFailure = queue[0]?.kind === 'status' || queue[0]?.kind === 'hang';
    if (recorded.path.endsWith('/embeddings') && !queuedFailure) {
      sendEmbeddings(response, body.input, embed);
      return;
    }
    const next = queue.shift() ?? reply(recorded);
    if (next.kind === 'answer') sendAnswer(response, next.content, next.usage);
    else if (next.kind === 'stream') await sendStream(response, next.chunks, next.delayMs ?? 0);
    else if (next.kind === 'status') {
      response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      response.end(next.body ?? JSON.stringify({ error: { message: `scripted ${next.status}` } }));
    } else hanging.add(response);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    setFallback: (next) => {
      reply = next;
    },
    setEmbedder: (next) => {
      embed = next ?? characterCounts;
    },
    embeddingInputs: () =>
      requests.filter((r) => r.path.endsWith('/embeddings')).flatMap((r) => (Array.isArray(r.body.input) ? r.body.input.map(String) : [String(r.body.input)])),
    allPromptText: () =>
      requests.flatMap((r) => (r.body.messages ?? []).map((m) => m.content)).join('\n'),
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

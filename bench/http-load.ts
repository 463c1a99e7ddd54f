import http from 'node:http';
import type { BenchRequest } from './request-mix.js';
import { type LatencySummary, summarize } from './stats.js';

export interface HttpLoadOptions {
  /** Loopback base URL of the server under test, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  shopId: string;
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
  next: () => BenchRequest;
}

export interface HttpLoadResult {
  recommend: LatencySummary;
  events: LatencySummary;
  /** Every completed request of the measured window, both kinds. */
  all: LatencySummary;
  /** Responses by status code, and transport errors under "error". */
  statuses: Record<string, number>;
}

interface Response {
  status: number;
}

function send(agent: http.Agent, baseUrl: string, shopId: string, request: BenchRequest): Promise<Response> {
  const shop = encodeURIComponent(shopId);
  let url: URL;
  let body: string | undefined;
  if (request.kind === 'recommend') {
    const item = request.itemId ? `&item=${encodeURIComponent(request.itemId)}` : '';
    url = new URL(`/v1/users/${encodeURIComponent(request.userId)}/recommendations?shop=${shop}&limit=${request.limit}&scene=${request.scene}${item}`, baseUrl);
  } else {
    url = new URL(`/v1/events?shop=${shop}`, baseUrl);
    body = JSON.stringify({ user_id: request.userId, product_id: request.productId, type: 'view' });
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        // The body must be read to the end so the socket can serve the next request.
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Closed-loop load at fixed concurrency: each of `concurrency` callers sends
 * its next request as soon as the previous one is answered, over keep-alive
 * connections. Requests during the warm-up are sent but not recorded.
 */
export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const url = new URL(options.baseUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`the load generator only targets 127.0.0.1, not ${url.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const recommend: number[] = [];
  const events: number[] = [];
  const statuses: Record<string, number> = {};
  const warmupEnd = performance.now() + options.warmupSeconds * 1000;
  const end = warmupEnd + options.durationSeconds * 1000;

  const caller = async () => {
    while (performance.now() < end) {
      const request = options.next();
      const started = performance.now();
      let status: string;
      try {
        status = String((await send(agent, options.baseUrl, options.shopId, request)).status);
      } catch {
        status = 'error';
      }
      const finished = performance.now();
      if (started < warmupEnd || finished > end) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      (request.kind === 'recommend' ? recommend : events).push(finished - started);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  agent.destroy();

  const seconds = options.durationSeconds;
  return {
    recommend: summarize(recommend, seconds),
    events: summarize(events, seconds),
    all: summarize([...recommend, ...events], seconds),
    statuses,
  };
}

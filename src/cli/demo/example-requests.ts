import { msg } from '../../core/messages.js';
import { say } from '../runtime.js';

interface Example {
  title: ReturnType<typeof msg>;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Shows the interesting part of the JSON reply. */
  summarize: (reply: Record<string, unknown>) => string[];
}

interface Item {
  product_id: string;
  title: string;
  price: number;
  reason: { zh: string; en: string };
}

function listItems(reply: Record<string, unknown>): string[] {
  const items = (reply.items as Item[] | undefined) ?? [];
  return items.map((item, i) => `   ${i + 1}. ${item.title} ¥${item.price} — ${item.reason.zh} / ${item.reason.en}`);
}

function examples(shopId: string): Example[] {
  const q = `shop=${shopId}`;
  return [
    {
      title: msg('老顾客 u001（数码爱好者）的「猜你喜欢」', 'Home feed for returning shopper u001 (gadget fan)'),
      method: 'GET',
      path: `/v1/users/u001/recommendations?limit=5&${q}`,
      summarize: listItems,
    },
    {
      title: msg('新顾客（无行为）的冷启动推荐', 'Cold start for a shopper with no history'),
      method: 'GET',
      path: `/v1/users/new-visitor/recommendations?limit=3&${q}`,
      summarize: (reply) => [`   mode: ${String(reply.mode)}`, ...listItems(reply)],
    },
    {
      title: msg('相似商品：SM-EAR-001', 'Similar items to SM-EAR-001'),
      method: 'GET',
      path: `/v1/items/SM-EAR-001/similar?limit=3&${q}`,
      summarize: listItems,
    },
    {
      title: msg('新顾客加购两件零食（实时事件）', 'The new shopper adds two snacks to the cart (real-time events)'),
      method: 'POST',
      path: `/v1/events?${q}`,
      body: {
        events: [
          { user_id: 'new-visitor', product_id: 'SM-NUT-001', type: 'add_to_cart' },
          { user_id: 'new-visitor', product_id: 'SM-BSC-001', type: 'view' },
        ],
      },
      summarize: (reply) => [`   accepted: ${String(reply.accepted)}`],
    },
    {
      title: msg('同一位新顾客的推荐立即变化（无需重新训练）', "The same shopper's list changes at once, with no retraining"),
      method: 'GET',
      path: `/v1/users/new-visitor/recommendations?limit=3&${q}`,
      summarize: (reply) => [`   mode: ${String(reply.mode)}`, ...listItems(reply)],
    },
  ];
}

/** Sends each example request to the running API and prints the request and the gist of the reply. */
export async function showExampleRequests(address: string, shopId: string): Promise<void> {
  say(msg('\n示例请求（可复制到终端用 curl 重放）：', '\nExample requests (copy them to replay with curl):'));
  for (const example of examples(shopId)) {
    const url = `${address}${example.path}`;
    const response = await fetch(url, {
      method: example.method,
      headers: example.body ? { 'content-type': 'application/json' } : {},
      body: example.body ? JSON.stringify(example.body) : null,
    });
    const reply = (await response.json()) as Record<string, unknown>;
    say(example.title);
    const curlBody = example.body ? ` -H 'content-type: application/json' -d '${JSON.stringify(example.body)}'` : '';
    process.stdout.write(`  $ curl -s${example.method === 'POST' ? ' -X POST' : ''} '${url}'${curlBody}\n`);
    process.stdout.write(`  → HTTP ${response.status}\n`);
    const lines = response.ok ? example.summarize(reply) : [`   ${JSON.stringify(reply)}`];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

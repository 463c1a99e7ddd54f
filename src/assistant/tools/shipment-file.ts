import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ShopmindError } from '../../core/errors.js';
import type { Shipment } from '../../store/assistant-repositories.js';

const shipmentLine = z.object({
  order_id: z.string().min(1),
  carrier: z.string().default(''),
  tracking_no: z.string().min(1),
  status: z.string().min(1),
  events: z
    .array(z.object({ time: z.string().min(1), location: z.string().default(''), description: z.string().default('') }))
    .default([]),
});

export interface ShipmentFileResult {
  shipments: Shipment[];
  errors: { line: number; reason: string }[];
}

/**
 * Parses shipments from JSONL, one object per line with order_id, carrier,
 * tracking_no, status and events [{time, location, description}]. Bad lines
 * are reported with their number, not thrown.
 */
export function parseShipmentsJsonl(text: string): ShipmentFileResult {
  const shipments: Shipment[] = [];
  const errors: ShipmentFileResult['errors'] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        errors.push({ line: index + 1, reason: `JSON 无效 / invalid JSON: ${(error as Error).message}` });
        return;
      }
      const parsed = shipmentLine.safeParse(value);
      if (!parsed.success) {
        const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        errors.push({ line: index + 1, reason });
        return;
      }
      const s = parsed.data;
      shipments.push({ orderId: s.order_id, carrier: s.carrier, trackingNo: s.tracking_no, status: s.status, events: s.events });
    });
  return { shipments, errors };
}

export function readShipmentsFile(file: string): ShipmentFileResult {
  try {
    return parseShipmentsJsonl(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ShopmindError('FILE_NOT_FOUND', { zh: `找不到物流文件：${file}`, en: `Shipments file not found: ${file}` }, { file });
  }
}

import { assistantRepositories } from '../store/assistant-repositories.js';
import type { Store } from '../store/index.js';
import { readReturnPolicyFile } from './tools/return-policy.js';
import { readShipmentsFile } from './tools/shipment-file.js';

/** Imports shipments from a JSONL file; bad lines are returned, the good ones stored. */
export async function importShipmentsFile(store: Store, shopId: string, file: string) {
  const { shipments, errors } = readShipmentsFile(file);
  await assistantRepositories(store).shipments.upsertMany(shopId, shipments);
  return { imported: shipments.length, errors };
}

/** Validates and stores a shop's return-policy JSON, replacing the previous rules. */
export async function importReturnPolicyFile(store: Store, shopId: string, file: string) {
  const policy = readReturnPolicyFile(file);
  await assistantRepositories(store).returnPolicies.put(shopId, policy, file);
  return { version: policy.version, excludedCategories: policy.no_reason_return.excluded_categories.length };
}

import { type AssistantBenchResult, benchAssistant } from '../assistant.js';
import { maxRssMiB, workerMain } from '../worker.js';

export interface AssistantWorkerResult extends AssistantBenchResult {
  maxRssMiB: number;
}

workerMain<{ faqEntries: number }, AssistantWorkerResult>(async ({ faqEntries }) => ({
  ...(await benchAssistant({ faqEntries })),
  maxRssMiB: maxRssMiB(),
}));

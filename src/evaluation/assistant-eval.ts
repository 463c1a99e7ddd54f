/**
 * The assistant evaluations, one runner per dataset. `shopmind eval
 * assistant --dataset NAME` looks the runner up in `assistantDatasets`.
 */
import { invalidRequest, type LocalizedMessage } from '../core/errors.js';
import type { LlmProviderConfig } from '../llm/provider-config.js';
import { runAfqmcEvaluation } from './assistant-afqmc.js';
import { runDemoEvaluation } from './assistant-demo.js';
import { runJddcEvaluation } from './assistant-jddc.js';
import type { EvaluationReport } from './report.js';

export interface AssistantEvaluationOptions {
  /** Folder holding the dataset's files. */
  dataDir: string;
  /** Seed of every random draw. Default 42. */
  seed?: number;
  /** Local sentence-encoder folder (see `LocalModelEncoder`); the question matcher then adds its cosine as a feature. */
  encoderDir?: string;
  /** Embeddings API used as the sentence encoder instead of a local folder. */
  embedding?: LlmProviderConfig;
  /** Called with a short note before each long step; the CLI prints it on stderr. */
  onProgress?: (message: LocalizedMessage) => void;
}

export interface AssistantDataset {
  description: LocalizedMessage;
  run(options: AssistantEvaluationOptions): Promise<EvaluationReport>;
}

export const assistantDatasets: Record<string, AssistantDataset> = {
  demo: {
    description: {
      zh: '演示店铺客服问答：examples/demo-store 的标注问题，报告意图、事实准确率和转人工精确率/召回率',
      en: 'demo-store customer service: labelled questions in examples/demo-store, intent and fact accuracy, hand-off precision and recall',
    },
    run: runDemoEvaluation,
  },
  afqmc: {
    description: {
      zh: '问句匹配：dev.json 句对，报告准确率和 F1',
      en: 'question matching: dev.json pairs, accuracy and F1',
    },
    run: runAfqmcEvaluation,
  },
  jddc: {
    description: {
      zh: '回复检索：一对逐行对齐的 X.enc / X.dec，报告 Recall@1、Recall@5 和 MRR',
      en: 'reply retrieval: one line-aligned X.enc / X.dec pair, Recall@1, Recall@5 and MRR',
    },
    run: runJddcEvaluation,
  },
};

/** Runs the named dataset's evaluation; an unknown name is rejected with the valid choices. */
export async function runAssistantEvaluation(dataset: string, options: AssistantEvaluationOptions): Promise<EvaluationReport> {
  const entry = Object.hasOwn(assistantDatasets, dataset) ? assistantDatasets[dataset] : undefined;
  if (!entry) {
    const choices = Object.keys(assistantDatasets).join(', ');
    throw invalidRequest(
      `未知的数据集 "${dataset}"，可选：${choices}`,
      `unknown dataset "${dataset}"; choose one of: ${choices}`,
      { dataset, choices: Object.keys(assistantDatasets) },
    );
  }
  return entry.run(options);
}


import type { Command } from 'commander';
import { demoStoreDir } from '../demo/demo-store.js';
import { readEmbeddingProvider } from '../../core/config.js';
import { invalidRequest } from '../../core/errors.js';
import { embeddingProviderFromConfig } from '../../llm/provider-config.js';
import { render } from '../../core/messages.js';
import { assistantDatasets, runAssistantEvaluation } from '../../evaluation/assistant-eval.js';
import { formatReportTable } from '../../evaluation/report.js';
import { action } from '../runtime.js';

interface EvalAssistantOptions {
  dataset: string;
  json?: boolean;
  seed: string;
  dataDir?: string;
  encoderDir?: string;
  embeddingModel?: string;
}

/** `shopmind eval assistant --dataset NAME --data-dir DIR [--json]`. */
export function registerEvalAssistantCommand(evaluation: Command): void {
  const names = Object.keys(assistantDatasets).join(', ');
  evaluation
    .command('assistant')
    .description('评测智能客服的检索与问句匹配，并在同一次运行中给出基线 / evaluate customer-service retrieval and question matching against baselines')
    .requiredOption('--dataset <name>', `数据集 / dataset: ${names}`)
    .option('--data-dir <dir>', '数据集所在目录（afqmc、jddc 必填）/ folder holding the dataset files (required for afqmc and jddc)')
    .option('--json', '只输出一个 JSON 对象 / print exactly one JSON object')
    .option('--seed <n>', '随机种子 / seed of every random draw', '42')
    .option(
      '--encoder-dir <dir>',
      '本地句向量模型目录（ONNX，Hugging Face 格式），问句匹配加入其余弦相似度；默认取 SHOPMIND_ENCODER_DIR / local sentence-encoder folder (ONNX, Hugging Face layout) whose cosine joins the question matcher; defaults to SHOPMIND_ENCODER_DIR',
    )
    .option(
      '--embedding-model <name>',
      '改用兼容 OpenAI 的向量接口作为句向量模型，地址和密钥取自 SHOPMIND_EMBEDDING_BASE_URL/API_KEY（或 LLM 的）/ use an OpenAI-compatible embeddings API as the sentence encoder; base URL and key come from SHOPMIND_EMBEDDING_BASE_URL/API_KEY (or the LLM ones)',
    )
    .action(
      action(async (options: EvalAssistantOptions) => {
        // The demo set ships with shopmind, so it needs no folder.
        const dataDir = options.dataDir ?? (options.dataset === 'demo' ? demoStoreDir() : undefined);
        if (!dataDir) {
          throw invalidRequest('缺少 --data-dir：请指向数据集所在目录', 'missing --data-dir: point it at the dataset folder');
        }
        const seed = Number(options.seed);
        if (!Number.isInteger(seed)) {
          throw invalidRequest(`--seed ${options.seed} 不是整数`, `--seed ${options.seed} is not an integer; pass e.g. --seed 42`);
        }
        // The environment's encoder applies to the datasets that use one; an explicit option always reaches the runner.
        const env = options.dataset === 'jddc' ? {} : process.env;
        const embeddingModel = options.embeddingModel ?? (options.encoderDir ? undefined : env.SHOPMIND_EMBEDDING_MODEL || undefined);
        const encoderDir = options.encoderDir ?? (embeddingModel ? undefined : env.SHOPMIND_ENCODER_DIR || undefined);
        const embedding = embeddingModel
          ? embeddingProviderFromConfig({ embedding: readEmbeddingProvider({ ...process.env, SHOPMIND_EMBEDDING_MODEL: embeddingModel, SHOPMIND_ENCODER_DIR: '' }) })
          : undefined;
        const report = await runAssistantEvaluation(options.dataset, {
          dataDir,
          seed,
          ...(encoderDir ? { encoderDir } : {}),
          ...(embedding ? { embedding } : {}),
          onProgress: (message) => process.stderr.write(`${render(message)}…\n`),
        });
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReportTable(report)}\n`);
      }),
    );
}

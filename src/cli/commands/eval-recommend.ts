import path from 'node:path';
import type { Command } from 'commander';
import { ShopmindError } from '../../core/errors.js';
import { resolveOnlineRetailFile } from '../../ingest/adapters/online-retail.js';
import { amazonGamesSplit } from '../../evaluation/recommend/amazon-games.js';
import { onlineRetailSplit } from '../../evaluation/recommend/online-retail.js';
import { runRecommendEvaluation } from '../../evaluation/recommend/run.js';
import type { RecommendSplit } from '../../evaluation/recommend/split.js';
import { formatReportTable } from '../../evaluation/report.js';
import { action } from '../runtime.js';

const datasets: Record<string, (dataDir: string) => RecommendSplit> = {
  'amazon-games': (dir) => amazonGamesSplit(dir),
  'online-retail': (dir) => onlineRetailSplit(resolveOnlineRetailFile(dir)),
};

interface EvalRecommendOptions {
  dataset: string;
  dataDir: string;
  json?: boolean;
  tuningCases: string;
}

export function registerEvalRecommendCommand(evaluation: Command): void {
  evaluation
    .command('recommend')
    .description('评测推荐效果（shopmind 与 popularity、item-knn、content 基线同场对比）/ evaluate recommendations against baselines')
    .requiredOption('--dataset <name>', `数据集 / dataset: ${Object.keys(datasets).join(', ')}`)
    .requiredOption('--data-dir <dir>', '数据所在目录 / folder holding the dataset files')
    .option('--json', '只输出一个 JSON 对象 / print exactly one JSON object on stdout')
    .option('--tuning-cases <n>', '调参用的验证样本数 / validation cases used for tuning', '5000')
    .action(
      action(async (options: EvalRecommendOptions) => {
        const load = datasets[options.dataset];
        if (!load) {
          throw new ShopmindError('INVALID_REQUEST', {
            zh: `未知数据集 ${options.dataset}，可选：${Object.keys(datasets).join('、')}`,
            en: `Unknown dataset ${options.dataset}; choose one of: ${Object.keys(datasets).join(', ')}`,
          });
        }
        const tuningCases = Number(options.tuningCases);
        if (!Number.isInteger(tuningCases) || tuningCases < 1) {
          throw new ShopmindError('INVALID_REQUEST', {
            zh: `--tuning-cases=${options.tuningCases} 无效，请给正整数`,
            en: `--tuning-cases=${options.tuningCases} is invalid; give a positive integer`,
          });
        }
        const split = load(path.resolve(options.dataDir));
        const report = runRecommendEvaluation(split, {
          tuningCases,
          onStage: options.json ? undefined : (stage) => process.stderr.write(`… ${stage}\n`),
        });
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReportTable(report)}\n`);
      }),
    );
}

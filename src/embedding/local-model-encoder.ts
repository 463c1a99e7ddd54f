/**
 * Sentence encoder backed by a local ONNX model folder in the Hugging Face
 * layout (`config.json`, `tokenizer.json`, `onnx/model.onnx`), run on the CPU
 * through transformers.js. Nothing is downloaded: remote models are switched
 * off, so a missing file is an error that names the folder.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ShopmindError } from '../core/errors.js';
import type { Encoder } from './encoder.js';

export type Pooling = 'mean' | 'cls';

export interface LocalModelEncoderOptions {
  /** Pooling of token vectors into one sentence vector. Default: read from `1_Pooling/config.json`, else mean. */
  pooling?: Pooling;
  /** Texts per model call. Default 32. */
  batchSize?: number;
  /** Longer texts are cut to this many characters before tokenising. Default 512. */
  maxCharacters?: number;
}

const requiredFiles = ['config.json', 'tokenizer.json', 'tokenizer_config.json', path.join('onnx', 'model.onnx')];
// JSON files read at start-up, so a broken one is named before the model loads.
const jsonFiles = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

type FeatureExtractor = (texts: string[], options: { pooling: Pooling; normalize: boolean }) => Promise<{ dims: number[]; data: Float32Array }>;

/** Reads the pooling a sentence-transformers export declares, if any. */
function declaredPooling(dir: string): Pooling | undefined {
  const file = path.join(dir, '1_Pooling', 'config.json');
  if (!existsSync(file)) return undefined;
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (settings.pooling_mode_cls_token === true) return 'cls';
  if (settings.pooling_mode_mean_tokens === true) return 'mean';
  return undefined;
}

function invalidFolder(dir: string, problem: { zh: string; en: string }, cause?: unknown): ShopmindError {
  return new ShopmindError(
    'INVALID_CONFIG',
    {
      zh: `本地向量模型目录 ${dir} 不可用：${problem.zh}。请指向含 config.json、tokenizer.json 和 onnx/model.onnx 的目录（Hugging Face 格式的 ONNX 导出）`,
      en: `Local encoder folder ${dir} is not usable: ${problem.en}. Point it at a folder holding config.json, tokenizer.json and onnx/model.onnx (a Hugging Face style ONNX export)`,
    },
    { dir },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Checks that `dir` contains the files a local model needs, without loading it,
 * so a wrong path fails at start-up. Returns the absolute folder path.
 */
export function checkLocalModelFolder(dir: string): string {
  const folder = path.resolve(dir);
  if (!existsSync(folder)) throw invalidFolder(folder, { zh: '目录不存在', en: 'the folder does not exist' });
  if (!statSync(folder).isDirectory()) throw invalidFolder(folder, { zh: '这是文件，不是目录', en: 'it is a file, not a folder' });
  const missing = requiredFiles.filter((file) => !existsSync(path.join(folder, file)));
  if (missing.length > 0) {
    throw invalidFolder(folder, { zh: `缺少 ${missing.join('、')}`, en: `${missing.join(', ')} missing` });
  }
  for (const file of jsonFiles) {
    try {
      JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidFolder(folder, { zh: `${file} 不是有效的 JSON（${reason}）`, en: `${file} is not valid JSON (${reason})` }, error);
    }
  }
  return folder;
}

/** Dense, L2-normalised sentence vectors from a local model. */
export class LocalModelEncoder implements Encoder {
  readonly name: string;
  readonly dimension: number;
  readonly pooling: Pooling;
  private readonly extract: FeatureExtractor;
  private readonly batchSize: number;
  private readonly maxCharacters: number;

  private constructor(name: string, dimension: number, pooling: Pooling, extract: FeatureExtractor, options: LocalModelEncoderOptions) {
    this.name = name;
    this.dimension = dimension;
    this.pooling = pooling;
    this.extract = extract;
    this.batchSize = options.batchSize ?? 32;
    this.maxCharacters = options.maxCharacters ?? 512;
  }

  /** Loads the model in `dir`; throws INVALID_CONFIG naming the folder when a file is missing or the model fails to load. */
  static async load(dir: string, options: LocalModelEncoderOptions = {}): Promise<LocalModelEncoder> {
    const folder = checkLocalModelFolder(dir);
    const pooling = options.pooling ?? declaredPooling(folder) ?? 'mean';

    let extract: FeatureExtractor;
    try {
      // Loaded on demand: the package is large and only shops with a local model need it.
      const transformers = await import('@huggingface/transformers');
      transformers.env.allowRemoteModels = false;
      transformers.env.allowLocalModels = true;
      transformers.env.localModelPath = `${path.dirname(folder)}${path.sep}`;
      const pipe = await transformers.pipeline('feature-extraction', path.basename(folder), { dtype: 'fp32', local_files_only: true });
      extract = (texts, settings) => pipe(texts, settings) as unknown as ReturnType<FeatureExtractor>;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidFolder(folder, { zh: `加载失败（${reason}）`, en: `loading failed (${reason})` }, error);
    }

    const probe = await extract(['测试'], { pooling, normalize: true });
    const dimension = probe.dims.at(-1) ?? 0;
    return new LocalModelEncoder(`local:${path.basename(folder)}`, dimension, pooling, extract, options);
  }

  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      // An empty string would give the model only special tokens; a space keeps the batch shape.
      const batch = texts.slice(start, start + this.batchSize).map((text) => text.slice(0, this.maxCharacters) || ' ');
      const output = await this.extract(batch, { pooling: this.pooling, normalize: true });
      for (let i = 0; i < batch.length; i++) {
        vectors.push(output.data.slice(i * this.dimension, (i + 1) * this.dimension));
      }
    }
    return vectors;
  }
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ShopmindError } from './errors.js';

const providerSchema = z.object({
  baseUrl: z.string().regex(/^https?:\/\/[^\s/]+/i, { message: 'not an http(s) URL' }),
  apiKey: z.string().optional(),
  model: z.string().min(1),
  timeoutMs: z.number().int().positive(),
  maxRetries: z.number().int().min(0).max(5),
});

const configSchema = z.object({
  /** Folder for the SQLite file, trained models and generated secrets. */
  dataDir: z.string().min(1),
  /** `postgres://…` selects PostgreSQL; anything else is a SQLite file path. */
  databaseUrl: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Shop used when a request or command names none. */
  defaultShop: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  /** Operator API key; when unset the admin routes accept only loopback callers. */
  apiKey: z.string().min(16).optional(),
  /** HMAC secret for shopper tokens; generated into dataDir when unset. */
  shopperTokenSecret: z.string().min(32),
  /** Local sentence-encoder folder (ONNX, Hugging Face layout) that the assistant's retrieval adds; unset means lexical retrieval only. */
  encoderDir: z.string().min(1).optional(),
  llm: providerSchema.extend({ answerBudgetMs: z.number().int().positive() }).optional(),
  /** OpenAI-compatible embeddings API used as the assistant's sentence encoder; exclusive with `encoderDir`. */
  embedding: providerSchema.extend({ baseUrlVariable: z.string() }).optional(),
});

export type ShopmindConfig = z.infer<typeof configSchema>;
export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(databaseUrl: string): Dialect {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return 'postgres';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(databaseUrl)?.[1];
  if (scheme && scheme.toLowerCase() !== 'sqlite' && scheme.toLowerCase() !== 'file') {
    throw new ShopmindError('INVALID_CONFIG', {
      zh: `不支持的数据库地址 ${redactUrl(databaseUrl)}：请用 postgres:// 地址，或 SQLite 文件路径`,
      en: `Unsupported database URL ${redactUrl(databaseUrl)}: use a postgres:// URL or a SQLite file path`,
    });
  }
  return 'sqlite';
}

/** The URL with its password replaced by ***, safe to print or log. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

type Env = Record<string, string | undefined>;

function readNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new ShopmindError('INVALID_CONFIG', {
      zh: `环境变量 ${name}=${raw} 不是数字，请改为整数`,
      en: `Environment variable ${name}=${raw} is not a number; set it to an integer`,
    });
  }
  return value;
}

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'shopper-token.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

// Environment variable behind each config field, so errors name what the operator set.
const variableOfField: Record<string, string> = {
  databaseUrl: 'DATABASE_URL',
  host: 'SHOPMIND_HOST',
  port: 'SHOPMIND_PORT',
  logLevel: 'SHOPMIND_LOG_LEVEL',
  defaultShop: 'SHOPMIND_SHOP',
  apiKey: 'SHOPMIND_API_KEY',
  shopperTokenSecret: 'SHOPMIND_SHOPPER_TOKEN_SECRET',
  'llm.baseUrl': 'SHOPMIND_LLM_BASE_URL',
  'llm.model': 'SHOPMIND_LLM_MODEL',
  'llm.timeoutMs': 'SHOPMIND_LLM_TIMEOUT_MS',
  'llm.maxRetries': 'SHOPMIND_LLM_MAX_RETRIES',
  'llm.answerBudgetMs': 'SHOPMIND_LLM_ANSWER_BUDGET_MS',
  'embedding.baseUrl': 'SHOPMIND_EMBEDDING_BASE_URL',
  'embedding.timeoutMs': 'SHOPMIND_EMBEDDING_TIMEOUT_MS',
};
const secretVariables = new Set(['SHOPMIND_API_KEY', 'SHOPMIND_SHOPPER_TOKEN_SECRET']);

interface ConfigIssue {
  path: PropertyKey[];
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
}

/** Returns the reason of one validation problem in Chinese. The English side keeps the validator's words. */
function chineseConfigReason(issue: ConfigIssue): string {
  if (issue.code === 'too_small') return `太小或太短（至少 ${String(issue.minimum)}）`;
  if (issue.code === 'too_big') return `太大（最多 ${String(issue.maximum)}）`;
  if (issue.code === 'invalid_format' && String(issue.path.at(-1)) === 'baseUrl') return '格式不对，应为 http:// 或 https:// 开头的地址';
  if (issue.code === 'invalid_format') return '格式不对';
  if (issue.code === 'invalid_value') return '不是可选的值';
  return '无效';
}

/** Describes one validation problem by its environment variable and value, with secrets and passwords hidden. */
function describeIssue(issue: ConfigIssue, env: Env): { zh: string; en: string } {
  const field = issue.path.map(String).join('.');
  const variable = variableOfField[field];
  const zhReason = chineseConfigReason(issue);
  if (!variable) return { zh: `${field}：${zhReason}`, en: `${field}: ${issue.message}` };
  const raw = env[variable];
  if (raw === undefined || raw === '') return { zh: `未设置 ${variable}`, en: `${variable} not set` };
  const shown = secretVariables.has(variable) ? `(${raw.length} characters)` : `"${redactUrl(raw)}"`;
  return { zh: `${variable}=${shown}：${zhReason}`, en: `${variable}=${shown}: ${issue.message}` };
}

/** Rejects a setting that does nothing without its partner (a model name without the provider's URL). */
function requireTogether(env: Env, given: string, needed: string): void {
  if (!env[given] || env[needed]) return;
  throw new ShopmindError('INVALID_CONFIG', {
    zh: `设置了 ${given}，但没有设置 ${needed}，所以它不会生效：请同时设置 ${needed}，或去掉 ${given}`,
    en: `${given} is set but ${needed} is not, so it has no effect: set ${needed} as well or remove ${given}`,
  });
}

/**
 * Reads the embeddings API settings. `SHOPMIND_EMBEDDING_MODEL` switches it on;
 * the base URL and key default to the LLM's, since many providers serve both.
 */
export function readEmbeddingProvider(env: Env): ShopmindConfig['embedding'] {
  const model = env.SHOPMIND_EMBEDDING_MODEL;
  if (!model) return undefined;
  const baseUrl = env.SHOPMIND_EMBEDDING_BASE_URL || env.SHOPMIND_LLM_BASE_URL;
  if (!baseUrl) {
    throw new ShopmindError('INVALID_CONFIG', {
      zh: `向量模型 ${model} 没有接口地址：请设置 SHOPMIND_EMBEDDING_BASE_URL（或 SHOPMIND_LLM_BASE_URL），例如 https://api.example.com/v1`,
      en: `Embedding model ${model} has no base URL: set SHOPMIND_EMBEDDING_BASE_URL (or SHOPMIND_LLM_BASE_URL), e.g. https://api.example.com/v1`,
    });
  }
  if (env.SHOPMIND_ENCODER_DIR) {
    throw new ShopmindError('INVALID_CONFIG', {
      zh: 'SHOPMIND_ENCODER_DIR 和 SHOPMIND_EMBEDDING_MODEL 只能设置一个：本地模型或向量接口二选一',
      en: 'Set only one of SHOPMIND_ENCODER_DIR and SHOPMIND_EMBEDDING_MODEL: a local model or an embeddings API',
    });
  }
  const apiKey = env.SHOPMIND_EMBEDDING_API_KEY || (env.SHOPMIND_EMBEDDING_BASE_URL ? undefined : env.SHOPMIND_LLM_API_KEY) || undefined;
  return {
    baseUrl,
    // Errors name the variable the URL really came from.
    baseUrlVariable: env.SHOPMIND_EMBEDDING_BASE_URL ? 'SHOPMIND_EMBEDDING_BASE_URL' : 'SHOPMIND_LLM_BASE_URL',
    ...(apiKey ? { apiKey } : {}),
    model,
    timeoutMs: readNumber(env, 'SHOPMIND_EMBEDDING_TIMEOUT_MS', 5_000),
    maxRetries: readNumber(env, 'SHOPMIND_LLM_MAX_RETRIES', 2),
  };
}

/**
 * Builds the configuration from environment variables, validated once at start-up.
 * Unset values get defaults that run on one machine with no setup (SQLite in `./.shopmind`).
 */
export function loadConfig(env: Env = process.env, overrides: Partial<ShopmindConfig> = {}): ShopmindConfig {
  const dataDir = path.resolve(overrides.dataDir ?? env.SHOPMIND_DATA_DIR ?? '.shopmind');
  const llmBaseUrl = env.SHOPMIND_LLM_BASE_URL;
  requireTogether(env, 'SHOPMIND_LLM_MODEL', 'SHOPMIND_LLM_BASE_URL');
  requireTogether(env, 'SHOPMIND_EMBEDDING_BASE_URL', 'SHOPMIND_EMBEDDING_MODEL');
  const candidate = {
    dataDir,
    databaseUrl: env.DATABASE_URL || path.join(dataDir, 'shopmind.db'),
    host: env.SHOPMIND_HOST ?? '127.0.0.1',
    port: readNumber(env, 'SHOPMIND_PORT', 3000),
    logLevel: env.SHOPMIND_LOG_LEVEL ?? 'info',
    defaultShop: env.SHOPMIND_SHOP ?? 'demo',
    apiKey: env.SHOPMIND_API_KEY || undefined,
    shopperTokenSecret: env.SHOPMIND_SHOPPER_TOKEN_SECRET || loadOrCreateSecret(dataDir),
    encoderDir: env.SHOPMIND_ENCODER_DIR ? path.resolve(env.SHOPMIND_ENCODER_DIR) : undefined,
    llm: llmBaseUrl
      ? {
          baseUrl: llmBaseUrl,
          apiKey: env.SHOPMIND_LLM_API_KEY || undefined,
          model: env.SHOPMIND_LLM_MODEL ?? '',
          timeoutMs: readNumber(env, 'SHOPMIND_LLM_TIMEOUT_MS', 30_000),
          maxRetries: readNumber(env, 'SHOPMIND_LLM_MAX_RETRIES', 2),
          answerBudgetMs: readNumber(env, 'SHOPMIND_LLM_ANSWER_BUDGET_MS', 20_000),
        }
      : undefined,
    embedding: readEmbeddingProvider(env),
    ...overrides,
  };
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    const described = parsed.error.issues.map((issue) => describeIssue(issue, env));
    throw new ShopmindError(
      'INVALID_CONFIG',
      { zh: `配置无效：${described.map((d) => d.zh).join('；')}`, en: `Invalid configuration: ${described.map((d) => d.en).join('; ')}` },
      { issues: parsed.error.issues },
    );
  }
  return parsed.data;
}

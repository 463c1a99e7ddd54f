import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ShopmindError } from './errors.js';

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
  llm: z
    .object({
      baseUrl: z.string().url(),
      apiKey: z.string().optional(),
      model: z.string().min(1),
      timeoutMs: z.number().int().positive(),
      maxRetries: z.number().int().min(0).max(5),
    })
    .optional(),
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

/**
 * Builds the configuration from environment variables, validated once at start-up.
 * Unset values get defaults that run on one machine with no setup (SQLite in `./.shopmind`).
 */
export function loadConfig(env: Env = process.env, overrides: Partial<ShopmindConfig> = {}): ShopmindConfig {
  const dataDir = path.resolve(overrides.dataDir ?? env.SHOPMIND_DATA_DIR ?? '.shopmind');
  const llmBaseUrl = env.SHOPMIND_LLM_BASE_URL;
  const candidate = {
    dataDir,
    databaseUrl: env.DATABASE_URL || path.join(dataDir, 'shopmind.db'),
    host: env.SHOPMIND_HOST ?? '127.0.0.1',
    port: readNumber(env, 'SHOPMIND_PORT', 3000),
    logLevel: env.SHOPMIND_LOG_LEVEL ?? 'info',
    defaultShop: env.SHOPMIND_SHOP ?? 'demo',
    apiKey: env.SHOPMIND_API_KEY || undefined,
    shopperTokenSecret: env.SHOPMIND_SHOPPER_TOKEN_SECRET || loadOrCreateSecret(dataDir),
    llm: llmBaseUrl
      ? {
          baseUrl: llmBaseUrl,
          apiKey: env.SHOPMIND_LLM_API_KEY || undefined,
          model: env.SHOPMIND_LLM_MODEL ?? '',
          timeoutMs: readNumber(env, 'SHOPMIND_LLM_TIMEOUT_MS', 30_000),
          maxRetries: readNumber(env, 'SHOPMIND_LLM_MAX_RETRIES', 2),
        }
      : undefined,
    ...overrides,
  };
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ShopmindError(
      'INVALID_CONFIG',
      { zh: `配置无效：${issues}`, en: `Invalid configuration: ${issues}` },
      { issues: parsed.error.issues },
    );
  }
  return parsed.data;
}

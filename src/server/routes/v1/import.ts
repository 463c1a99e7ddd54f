import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ShopmindError } from '../../../core/errors.js';
import { render } from '../../../core/messages.js';
import {
  formatFromContentType,
  type ImportResult,
  importFile,
  parseEncoding,
  parseFormat,
  parseMappingFlags,
  recordKinds,
  type TextEncoding,
} from '../../../ingest/index.js';
import type { AppOptions } from '../../app.js';
import { requireOperator } from '../../auth.js';
import { requestContext, shopQuery } from '../../request-context.js';

/** Content types whose body is read as the raw bytes of the file. With text/plain and octet-stream, the content decides the format. */
const fileContentTypes = [
  'text/csv',
  'application/csv',
  'text/tab-separated-values',
  'application/x-ndjson',
  'application/jsonl',
  'application/json-lines',
  'text/plain',
  'application/octet-stream',
];

function unsupportedContentType(contentType: string | undefined): ShopmindError {
  const accepted = fileContentTypes.join(', ');
  return new ShopmindError(
    'UNSUPPORTED_FORMAT',
    {
      zh: `导入接口不接受 Content-Type ${contentType ?? '（未设置）'}；请求体应是文件的原始字节，Content-Type 用以下之一：${accepted}。JSON 数组请先转成每行一个对象的 JSONL`,
      en: `The import endpoint does not accept Content-Type ${contentType ?? '(none)'}; send the file's raw bytes with one of: ${accepted}. Turn a JSON array into JSONL, one object per line`,
    },
    { contentType: contentType ?? null, acceptedContentTypes: fileContentTypes },
  );
}

const localized = {
  message: z.string(),
  message_zh: z.string(),
  message_en: z.string(),
};

const importReply = z.object({
  kind: z.enum(recordKinds),
  format: z.string(),
  encoding: z.string(),
  read: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  stored: z.number().int(),
  rejects: z.array(
    z.object({
      line: z.number().int(),
      ...localized,
      issues: z.array(z.object({ field: z.string().nullable(), column: z.string().nullable(), value: z.string().nullable(), ...localized })),
    }),
  ),
  duplicate_rows: z.array(z.object({ line: z.number().int().nullable(), id: z.string(), kept_line: z.number().int() })),
  ignored_columns: z.array(z.string()),
  absent_fields: z.array(z.string()).describe('Optional fields the file has no column for; stored records keep their values in them'),
  elapsed_ms: z.number(),
});

function toReply(result: ImportResult): z.infer<typeof importReply> {
  return {
    kind: result.kind,
    format: result.format,
    encoding: result.encoding,
    read: result.read,
    imported: result.imported,
    rejected: result.rejected,
    duplicates: result.duplicates,
    stored: result.stored,
    rejects: result.rejectedRows.map((row) => ({
      line: row.line,
      message: render(row.message, 'both'),
      message_zh: row.message.zh,
      message_en: row.message.en,
      issues: row.issues.map((issue) => ({
        field: issue.field,
        column: issue.column,
        value: issue.value,
        message: render(issue.message, 'both'),
        message_zh: issue.message.zh,
        message_en: issue.message.en,
      })),
    })),
    duplicate_rows: result.duplicateRows.map((row) => ({ line: row.line, id: row.id, kept_line: row.keptLine })),
    ignored_columns: result.ignoredColumns,
    absent_fields: result.absentFields,
    elapsed_ms: result.elapsedMs,
  };
}

/** Picks the `?encoding=` override, else the Content-Type charset, else undefined so the bytes decide. */
function encodingOf(override: string | undefined, contentType: string | undefined): TextEncoding | undefined {
  const charset = /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  const name = override ?? charset;
  return name ? parseEncoding(name) : undefined;
}

/** `POST /v1/import/{kind}`: the request body is the file's bytes. */
export async function registerImportRoutes(app: FastifyInstance, options: AppOptions): Promise<void> {
  await app.register(async (scope) => {
    // Scoped to this plugin so other routes keep Fastify's default parsers.
    // Without the JSON parser, a JSON body reaches the catch-all and is
    // rejected with the accepted types, instead of reading as an empty file.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(fileContentTypes, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.addContentTypeParser('*', (request, _payload, done) => done(unsupportedContentType(request.headers['content-type']), undefined));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/import/:kind',
      {
        preHandler: requireOperator(options.config),
        schema: {
          tags: ['import'],
          summary: '导入商品、用户、行为或订单文件 / import a products, users, events or orders file',
          description:
            '请求体是文件原始字节（Content-Type: text/csv、text/tab-separated-values、application/x-ndjson、text/plain 或 application/octet-stream；其他类型包括 application/json 返回 400 UNSUPPORTED_FORMAT）。' +
            '被拒收的行连同行号和原因返回（最多 100 行）。 / The body is the raw file (CSV, TSV or JSONL); other content types, ' +
            'application/json included, get 400 UNSUPPORTED_FORMAT. Rejected rows come back with their line and reason (up to 100).',
          consumes: fileContentTypes,
          params: z.object({ kind: z.enum(recordKinds) }),
          querystring: z.object({
            format: z.string().optional().describe('csv | tsv | jsonl; default from Content-Type, else detected'),
            encoding: z.string().optional().describe('utf-8 | gbk | big5 | shift_jis | utf-16le | utf-16be; default the Content-Type charset, else detected'),
            map: z.union([z.string(), z.array(z.string())]).optional().describe('field=column, repeatable, e.g. title=商品名称'),
            shop: shopQuery,
          }),
          response: { 200: importReply },
        },
      },
      async (request) => {
        const query = request.query;
        const maps = query.map === undefined ? [] : [query.map].flat();
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const ctx = requestContext(request, options.config.defaultShop, query.shop);
        const result = await importFile(ctx, options.store, {
          kind: request.params.kind,
          bytes: body,
          format: query.format ? parseFormat(query.format) : formatFromContentType(request.headers['content-type']),
          encoding: encodingOf(query.encoding, request.headers['content-type']),
          mapping: parseMappingFlags(maps),
          rejectsPath: null,
        });
        return toReply(result);
      },
    );
  });
}

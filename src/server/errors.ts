import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isShopmindError } from '../core/errors.js';
import { describeValidationIssue } from './validation-messages.js';

/** Maps every error to its HTTP response, in this one place. Unknown errors are logged and shown generically. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (isShopmindError(error)) {
    if (error.status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    void reply.status(error.status).send({ error: { ...error.toJSON(), request_id: request.id } });
    return;
  }

  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'request';
    const problems = error.validation.flatMap((v) => {
      const path = v.instancePath.split('/').filter((part) => part.length > 0);
      return describeValidationIssue(context, path, { ...(v.params as object), code: v.keyword, message: v.message });
    });
    const zh = problems.map((p) => p.zh).join('；');
    const en = problems.map((p) => p.en).join('; ');
    void reply.status(400).send({
      error: {
        code: 'INVALID_REQUEST',
        message: `请求参数无效：${zh} / Invalid request: ${en}`,
        message_zh: `请求参数无效：${zh}`,
        message_en: `Invalid request: ${en}`,
        details: { problems: problems.map((p) => ({ field: p.field, message_zh: p.zh, message_en: p.en })) },
        request_id: request.id,
      },
    });
    return;
  }

  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const known = describeFastifyError(error as FastifyError, request);
    const zh = known?.zh ?? `请求无效（${error.message}）`;
    const en = known?.en ?? `Invalid request: ${error.message}`;
    void reply.status(status).send({
      error: { code: 'INVALID_REQUEST', message: `${zh} / ${en}`, message_zh: zh, message_en: en, request_id: request.id },
    });
    return;
  }

  request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  void reply.status(500).send({
    error: {
      code: 'INTERNAL',
      message: `服务器内部错误，请用请求 ID ${request.id} 查询日志 / Internal server error; look up request id ${request.id} in the logs`,
      message_zh: `服务器内部错误，请用请求 ID ${request.id} 查询日志`,
      message_en: `Internal server error; look up request id ${request.id} in the logs`,
      request_id: request.id,
    },
  });
}

/** Chinese and English wording of Fastify's own request errors (body parsing and size). */
function describeFastifyError(error: FastifyError, request: FastifyRequest): { zh: string; en: string } | undefined {
  const contentType = request.headers['content-type'] ?? '(none)';
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        zh: '请求体不是有效的 JSON，请检查引号、逗号和括号（Content-Type 为 application/json）',
        en: 'The body is not valid JSON; check quotes, commas and brackets (Content-Type is application/json)',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        zh: '请求体为空，但 Content-Type 是 application/json：请发送 JSON 对象，或去掉这个请求头',
        en: 'The body is empty but Content-Type is application/json: send a JSON object or drop the header',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        zh: `不支持的 Content-Type：${contentType}，请用 application/json`,
        en: `Unsupported Content-Type ${contentType}; send application/json`,
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        zh: `请求体过大（本接口上限 ${request.routeOptions.bodyLimit ?? '?'} 字节），请拆分后分批发送`,
        en: `The body is too large (this route accepts at most ${request.routeOptions.bodyLimit ?? '?'} bytes); split it into smaller requests`,
      };
    default:
      return undefined;
  }
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  const route = `${request.method} ${request.url.split('?')[0]}`;
  void reply.status(404).send({
    error: {
      code: 'ROUTE_NOT_FOUND',
      message: `没有这个接口：${route}，可在 /docs 查看全部接口 / No such route: ${route}; see /docs for every route`,
      message_zh: `没有这个接口：${route}，可在 /docs 查看全部接口`,
      message_en: `No such route: ${route}; see /docs for every route`,
      request_id: request.id,
    },
  });
}

/**
 * Replies to a request that Node's HTTP parser rejected before routing (a URL
 * with raw non-ASCII characters, headers too large), in the API's error shape.
 */
export function answerUnparsableRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const zh = tooLarge
    ? '请求的 URL 或请求头过长，请缩短后重试（长数据请放在请求体中）'
    : '请求无法解析：URL 中的中文等非 ASCII 字符需要先做 URL 编码（例如 curl --data-urlencode 或 encodeURIComponent）';
  const en = tooLarge
    ? 'The URL or headers are too long; shorten them (send large data in the body)'
    : 'The request cannot be parsed: percent-encode non-ASCII characters such as Chinese in the URL (curl --data-urlencode, encodeURIComponent)';
  const body = JSON.stringify({ error: { code: 'INVALID_REQUEST', message: `${zh} / ${en}`, message_zh: zh, message_en: en } });
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

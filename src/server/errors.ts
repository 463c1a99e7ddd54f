import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isShopmindError } from '../core/errors.js';

/** The one place that maps errors to HTTP responses. Unknown errors are logged and shown generically. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (isShopmindError(error)) {
    if (error.status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    void reply.status(error.status).send({ error: { ...error.toJSON(), request_id: request.id } });
    return;
  }

  if (hasZodFastifySchemaValidationErrors(error)) {
    const problems = error.validation.map((v) => {
      const where = v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(body)';
      return `${error.validationContext ?? 'request'}.${where}: ${v.message}`;
    });
    const text = problems.join('; ');
    void reply.status(400).send({
      error: {
        code: 'INVALID_REQUEST',
        message: `请求参数无效：${text} / Invalid request: ${text}`,
        message_zh: `请求参数无效：${text}`,
        message_en: `Invalid request: ${text}`,
        details: { problems },
        request_id: request.id,
      },
    });
    return;
  }

  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    void reply.status(status).send({
      error: {
        code: 'INVALID_REQUEST',
        message: `请求无效：${error.message} / Invalid request: ${error.message}`,
        message_zh: `请求无效：${error.message}`,
        message_en: `Invalid request: ${error.message}`,
        request_id: request.id,
      },
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

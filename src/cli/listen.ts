import type { App } from '../server/app.js';
import { ShopmindError } from '../core/errors.js';

/** Starts listening; a busy port becomes an error that says which port and how to pick another. */
export async function listenOrExplain(app: App, port: number, host: string): Promise<string> {
  try {
    return await app.listen({ port, host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new ShopmindError(
        'PORT_IN_USE',
        {
          zh: `无法监听 ${host}:${port}（${code === 'EADDRINUSE' ? '端口已被占用' : '没有权限'}）：请用 --port 换一个端口，或设置 SHOPMIND_PORT`,
          en: `Cannot listen on ${host}:${port} (${code === 'EADDRINUSE' ? 'port in use' : 'permission denied'}); pick another with --port or SHOPMIND_PORT`,
        },
        { host, port },
        { cause: error },
      );
    }
    throw error;
  }
}

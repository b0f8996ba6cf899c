// Runtime API 2018-06-01 client (AWS_LAMBDA_RUNTIME_API), plain node:http with one keep-alive socket.
import http from 'node:http';
import { toRuntimeApiError } from './errors.mjs';

const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';

// Header values must be visible ASCII; an error name could hold anything.
function headerValue(value) {
  return String(value).replace(/[^\t\x20-\x7e]/g, '');
}

function serialise(body) {
  try {
    return JSON.stringify(body === undefined ? null : body);
  } catch {
    throw new Error('Unable to stringify response body');
  }
}

export class RuntimeApiClient {
  constructor(hostPort) {
    const at = hostPort.lastIndexOf(':');
    this.hostname = hostPort.slice(0, at);
    this.port = Number.parseInt(hostPort.slice(at + 1), 10);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const options = { hostname: this.hostname, port: this.port, path, method, agent: this.agent, headers };
      if (body !== undefined) {
        headers['Content-Type'] ??= 'application/json';
        headers['Content-Length'] = Buffer.byteLength(body);
      }
      const req = http.request(options, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async next() {
    const res = await this.request('GET', '/2018-06-01/runtime/invocation/next');
    if (res.status !== 200) {
      throw new Error(`Runtime API /next answered ${res.status}: ${res.body}`);
    }
    return { bodyJson: res.body, headers: res.headers };
  }

  async postResponse(id, result) {
    const body = serialise(result);
    await this.request('POST', `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/response`, body);
  }

  async postError(id, error) {
    const payload = toRuntimeApiError(error);
    await this.request('POST', `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/error`, serialise(payload), {
      [ERROR_TYPE_HEADER]: headerValue(payload.errorType),
    });
  }

  async postInitError(error) {
    const payload = toRuntimeApiError(error);
    await this.request('POST', '/2018-06-01/runtime/init/error', serialise(payload), {
      [ERROR_TYPE_HEADER]: headerValue(payload.errorType),
    });
  }
}

// A minimal client for the local control plane's API server: JSON over HTTPS with the kubeconfig's CA and token, so a
// test reads and writes objects without kubectl (not built here) or a client library.
import * as https from "https";

export interface KubeAccess {
  /** https://127.0.0.1:<port> */
  server: string;
  /** PEM of the CA that signed the server's certificate. */
  ca: string;
  token: string;
}

export class KubeApiError extends Error {
  constructor(readonly status: number, readonly body: string, method: string, path: string) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
  }
}

/** One request; resolves with the parsed JSON body of a 2xx answer, rejects with KubeApiError otherwise. */
export function kubeRequest<T = unknown>(access: KubeAccess, method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${access.server}${path}`,
      {
        method,
        ca: access.ca,
        headers: {
          authorization: `Bearer ${access.token}`,
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
        },
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) return reject(new KubeApiError(status, text, method, path));
          try {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } catch {
            resolve(text as unknown as T);
          }
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
    request.on("error", reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

/** Whether the object at `path` exists (404 says no; any other error is thrown). */
export async function kubeExists(access: KubeAccess, path: string): Promise<boolean> {
  try {
    await kubeRequest(access, "GET", path);
    return true;
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return false;
    throw error;
  }
}

interface Condition {
  type: string;
  status: string;
}

/** Whether an object's status lists condition `type` with status "True" (Node Ready, Deployment Available). */
export function conditionTrue(object: { status?: { conditions?: Condition[] } }, type: string): boolean {
  return (object.status?.conditions ?? []).some((condition) => condition.type === type && condition.status === "True");
}

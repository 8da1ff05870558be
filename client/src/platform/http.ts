import Taro from '@tarojs/taro';

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** POSTs JSON and returns the status and parsed body; throws only when no answer came (network error). */
export async function postJson(url: string, body: unknown): Promise<HttpResponse> {
  const response = await Taro.request<unknown>({
    url,
    method: 'POST',
    data: body,
    header: { 'content-type': 'application/json' },
    dataType: 'json',
    timeout: 15000,
  });
  return { status: response.statusCode, body: response.data };
}

import WebSocket from 'ws';
import type { ConnectSocket, MiniProgramCallbacks, SocketTask } from '@tandem/socket.io-client-mp';

/**
 * `wx.connectSocket` over a real `ws` connection that trusts `ca`: what a mini program on a device opens (wss, no
 * Origin header, no cookies), for driving the mini program transport through nginx. Every URL it opens is pushed
 * onto `opened`.
 */
export function connectSocketOverWs(ca: string, opened: string[]): ConnectSocket {
  return (options) => {
    opened.push(options.url);
    const ws = new WebSocket(options.url, options.protocols ?? [], {
      ca,
      headers: options.header,
      perMessageDeflate: false,
    });
    const settle = (callbacks: MiniProgramCallbacks, name: string, error: Error | undefined) => {
      const result = { errMsg: error ? `${name}:fail ${error.message}` : `${name}:ok` };
      if (error) callbacks.fail?.(result);
      else callbacks.success?.(result);
      callbacks.complete?.(result);
    };
    const task: SocketTask = {
      send: (sendOptions) => ws.send(sendOptions.data, (error) => settle(sendOptions, 'sendSocketMessage', error)),
      close: (closeOptions) => {
        ws.close(closeOptions.code ?? 1000, closeOptions.reason);
        settle(closeOptions, 'closeSocket', undefined);
      },
      onOpen: (listener) => void ws.on('open', () => listener({})),
      onMessage: (listener) =>
        void ws.on('message', (data: Buffer, isBinary: boolean) =>
          listener({ data: isBinary ? new Uint8Array(data).slice().buffer : data.toString('utf8') }),
        ),
      onError: (listener) => void ws.on('error', (error) => listener({ errMsg: error.message })),
      onClose: (listener) => void ws.on('close', (code, reason) => listener({ code, reason: reason.toString() })),
    };
    return task;
  };
}

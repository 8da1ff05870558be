/**
 * Frame conversions between engine.io-parser and a SocketTask, which takes and gives `string | ArrayBuffer` only.
 * Type checks avoid `instanceof` so they hold across JS realms (mini program contexts, Node vm contexts).
 */

export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/** A frame a SocketTask accepts, or undefined for data it cannot carry. */
export function toSocketTaskFrame(data: unknown): string | ArrayBuffer | undefined {
  if (typeof data === 'string' || isArrayBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) {
    // A typed array (or a Node Buffer) may be a window on a larger buffer: send only its own bytes.
    const { buffer, byteOffset, byteLength } = data;
    if (isArrayBuffer(buffer) && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
    const copy = new Uint8Array(byteLength);
    copy.set(new Uint8Array(buffer, byteOffset, byteLength));
    return copy.buffer;
  }
  return undefined;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'errMsg' in error) return String(error.errMsg);
  return String(error);
}

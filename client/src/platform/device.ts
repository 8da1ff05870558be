/**
 * The label a sign-in gives its session (`device`), or undefined to let the server derive one from the browser's
 * User-Agent ("Chrome on macOS"), which names the web app well.
 */
export const deviceLabel: string | undefined = undefined;

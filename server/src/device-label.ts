/**
 * The label of a new session when the client names none: "WeChat" for the mini program, otherwise the browser and
 * the OS ("Chrome on macOS"). A dozen patterns, not a UA parser library: the label only helps a person tell their own
 * devices apart, a wrong guess costs nothing, and the families that matter change rarely.
 */

const MAX_LENGTH = 64;
export const UNKNOWN_DEVICE = 'Unknown device';

/** Order matters: Edge and Opera also say Chrome, Chrome also says Safari. */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

/** Order matters: Android says Linux, iOS says "like Mac OS X". */
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

const first = (table: [RegExp, string][], text: string) => table.find(([pattern]) => pattern.test(text))?.[1];

export function deviceLabel(userAgent: string | undefined, given?: string): string {
  if (given) return given.slice(0, MAX_LENGTH);
  const ua = userAgent ?? '';
  // The mini program's requests carry MicroMessenger (and miniProgram in its web views).
  if (/MicroMessenger|miniProgram/i.test(ua)) return 'WeChat';
  const browser = first(BROWSERS, ua);
  const system = first(SYSTEMS, ua);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? UNKNOWN_DEVICE;
}

import { Listeners } from './callbacks';

/** Names the bundle may read from `wx` that are not APIs (webpack keeps its chunk list there). */
const NOT_APIS = new Set(['webpackJsonp', 'then', 'toJSON', 'constructor', 'asymmetricMatch', 'nodeType']);

/** `wx.onAppShow` & co.: listeners the app registers, fired by the host's app lifecycle. */
export class AppEvents {
  readonly show = new Listeners<Record<string, unknown>>();
  readonly hide = new Listeners<Record<string, unknown>>();
  readonly error = new Listeners<string>();
  readonly unhandledRejection = new Listeners<{ reason: unknown; promise: unknown }>();

  apis() {
    return {
      onAppShow: this.show.on,
      offAppShow: this.show.off,
      onAppHide: this.hide.on,
      offAppHide: this.hide.off,
      onError: this.error.on,
      offError: this.error.off,
      onUnhandledRejection: this.unhandledRejection.on,
      offUnhandledRejection: this.unhandledRejection.off,
      onPageNotFound: () => undefined,
      offPageNotFound: () => undefined,
      onMemoryWarning: () => undefined,
      offMemoryWarning: () => undefined,
      onThemeChange: () => undefined,
      offThemeChange: () => undefined,
    };
  }
}

/**
 * The `wx` object: the simulated APIs as own properties (Taro's `processApis` enumerates `Object.keys(wx)` to
 * build `Taro.*`, exactly as on a device), behind a Proxy that records every read of a name we do not provide.
 * Tests assert that list is empty, so a gap in the simulation fails loudly instead of silently changing the
 * app's behaviour.
 */
export function createWx(apis: Record<string, unknown>, unknown: Set<string>): object {
  const target: Record<string, unknown> = {
    ...apis,
    env: { USER_DATA_PATH: 'http://usr' },
    // WeChat always has wx.cloud (Taro copies it to Taro.cloud); any use of it is a gap in the simulation.
    cloud: namespace('cloud', unknown),
  };
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string' && !(key in object) && !NOT_APIS.has(key)) unknown.add(key);
      return Reflect.get(object, key, receiver);
    },
    has(object, key) {
      if (typeof key === 'string' && !(key in object) && !NOT_APIS.has(key)) unknown.add(key);
      return Reflect.has(object, key);
    },
  });
}

/** A wx sub-object that exists (as on a device) but whose every member is recorded as not simulated. */
function namespace(name: string, unknown: Set<string>): object {
  return new Proxy(
    {},
    {
      get(_object, key) {
        if (typeof key === 'string' && !NOT_APIS.has(key)) unknown.add(`${name}.${key}`);
        return undefined;
      },
    },
  );
}

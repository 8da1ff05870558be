import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

// Workspace packages ship TypeScript sources; Taro's babel rule only covers src/ plus compile.include, so both the
// alias and the include list name their src folders (without them webpack fails with ModuleParseError).
const workspaceSources = {
  '@tandem/protocol': path.resolve(__dirname, '../../packages/protocol/src'),
  '@tandem/socket.io-client-mp': path.resolve(__dirname, '../../packages/socket.io-client-mp/src'),
};
const workspaceAlias = Object.fromEntries(
  Object.entries(workspaceSources).map(([name, dir]) => [name, path.join(dir, 'index.ts')]),
);
const compile = { include: Object.values(workspaceSources) };

/** The weapp build talks to this server; the h5 build uses the page's own origin. */
const serverUrl = process.env.TARO_APP_SERVER_URL || 'http://localhost:3000';

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'tandem',
    date: '2025-11-21',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // CLIENT_OUT_DIR builds elsewhere than dist/ (a private copy for e2e runs while dist/ is being rebuilt).
    outputRoot: `${process.env.CLIENT_OUT_DIR || 'dist'}/${process.env.TARO_ENV}`,
    plugins: [],
    alias: workspaceAlias,
    env: {
      TARO_APP_SERVER_URL: JSON.stringify(serverUrl),
    },
    defineConstants: {},
    // WeChat's dark mode colours (app.json names theme.json); the web themes itself in CSS.
    copy: {
      patterns:
        process.env.TARO_ENV === 'weapp'
          ? [{ from: 'src/theme.json', to: `${process.env.CLIENT_OUT_DIR || 'dist'}/weapp/theme.json` }]
          : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      compile,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // One chunk: every page opens offline once the app has loaded (a lazily loaded page failed with
      // ChunkLoadError while the server was down, and back navigation then kept the wrong page on screen).
      webpackChain(chain, webpack) {
        chain.plugin('single-chunk').use(webpack.optimize.LimitChunkCountPlugin, [{ maxChunks: 1 }]);
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        // At most 20px per rem: a desktop browser shows the phone layout at phone scale, not doubled.
        pxtransform: { enable: true, config: { maxRootSize: 20 } },
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});

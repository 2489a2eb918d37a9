import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import devConfig from './dev';
import { PreloadChunks } from './preload-chunks';
import prodConfig from './prod';

// @member/shared is pure TS: compile it from source instead of depending on its dist build.
const sharedSrc = path.resolve(__dirname, '../../shared/src');
// The API server serves the H5 build under /h5/.
const h5PublicPath = '/h5/';

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'member-miniprogram',
    date: '2026-11-23',
    // NutUI is drawn for a 375 px design; our own styles use the 750 rpx convention.
    designWidth(input) {
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/');
      return file && file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'}`,
    plugins: [],
    alias: { '@member/shared': sharedSrc },
    env: {
      // weapp needs an absolute https origin; H5 is served by the API server itself (same origin).
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? 'https://member.example.com'),
    },
    defineConstants: {},
    // The browser tab icon exists only for H5 (served at /h5/favicon.svg); weapp has no use for it.
    copy: {
      patterns: process.env.TARO_ENV === 'h5' ? [{ from: 'src/assets/favicon.svg', to: 'dist/h5/favicon.svg' }] : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
      },
    },
    h5: {
      compile: { include: [sharedSrc] },
      publicPath: h5PublicPath,
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
        // The H5 demo is served from the same host as the API; bundle-size hints are noise here.
        chain.performance.hints(false);
        // Taro's H5 components and the swiper library they bundle (~230 KB before compression) are used by
        // every page but by no module of the entry, so each lazily loaded page chunk carried its own copy
        // (36 copies). One shared chunk instead, fetched once and cached for every page.
        chain.optimization.merge({
          splitChunks: {
            cacheGroups: {
              taroComponents: {
                name: 'taro-components',
                test: /[\\/]node_modules[\\/](@tarojs[\\/]components|swiper|hammerjs)[\\/]/,
                chunks: 'all',
                priority: 30,
                enforce: true,
              },
            },
          },
        });
        // The first screen's code, asked for by index.html itself (the landing page is the first of `pages`).
        chain.plugin('preload-chunks').use(PreloadChunks, [
          {
            publicPath: h5PublicPath,
            chunkNames: ['taro-components'],
            modules: [/[\\/]src[\\/]pages[\\/]home[\\/]index\.tsx$/],
          },
        ]);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});

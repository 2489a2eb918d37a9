import { createRequire } from 'node:module';
import type { Chunk, Compilation, Compiler } from 'webpack';

// The html-webpack-plugin instance Taro's runner builds index.html with (its hooks are per instance),
// resolved as the runner resolves it.
const requireFromRunner = createRequire(require.resolve('@tarojs/webpack5-runner/package.json'));
const HtmlWebpackPlugin = requireFromRunner('html-webpack-plugin');

interface HtmlTag {
  tagName: string;
  voidTag: boolean;
  attributes: Record<string, string>;
  meta: Record<string, string>;
}

export interface PreloadChunksOptions {
  publicPath: string;
  /** Named chunks every page needs (a splitChunks cache group). */
  chunkNames: string[];
  /** Source files whose lazily loaded chunk group is wanted at once (the landing page). */
  modules: RegExp[];
}

/** The files of every lazily loaded chunk group that holds a module matching one of `patterns`. */
function chunksHolding(compilation: Compilation, patterns: RegExp[]): Chunk[] {
  const found: Chunk[] = [];
  for (const group of compilation.chunkGroups) {
    if (group.isInitial()) continue;
    const holds = group.chunks.some((chunk) =>
      [...compilation.chunkGraph.getChunkModulesIterable(chunk)].some((m) => {
        const file = m.nameForCondition();
        return !!file && patterns.some((p) => p.test(file));
      }),
    );
    if (holds) found.push(...group.chunks);
  }
  return found;
}

/**
 * `<link rel="preload">` in index.html for lazily loaded chunks the first screen needs: Taro's shared
 * component chunk and the landing page's own chunks. Without it the browser learns of them only once
 * app.js has run and the router asks for the page: one more round trip on a phone's first visit, and one
 * more wait for the disk cache on every later one. They load behind app.js (low priority), which the
 * preloads would otherwise overtake (deferred scripts load at low priority).
 */
export class PreloadChunks {
  constructor(private readonly options: PreloadChunksOptions) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('PreloadChunks', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(
        'PreloadChunks',
        (data: { headTags: HtmlTag[] }) => {
          const named = this.options.chunkNames.map((name) => {
            const chunk = compilation.namedChunks.get(name);
            if (!chunk) throw new Error(`PreloadChunks: no chunk named ${name}`);
            return chunk;
          });
          const pages = chunksHolding(compilation, this.options.modules);
          if (!pages.length) throw new Error(`PreloadChunks: no lazy chunk holds ${this.options.modules.join(', ')}`);
          const files = new Set([...named, ...pages].flatMap((chunk) => [...chunk.files]));
          for (const file of files) {
            const as = file.endsWith('.js') ? 'script' : file.endsWith('.css') ? 'style' : null;
            if (!as) continue;
            data.headTags.push({
              tagName: 'link',
              voidTag: true,
              attributes: { rel: 'preload', as, fetchpriority: 'low', href: this.options.publicPath + file },
              meta: { plugin: 'PreloadChunks' },
            });
          }
          return data;
        },
      );
    });
  }
}

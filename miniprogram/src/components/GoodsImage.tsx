import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { apiUrl } from '../services/config';
import './GoodsImage.scss';

/** Media URLs are paths on the API origin (weapp needs the absolute https origin). */
export function mediaUrl(path: string): string {
  return /^https?:\/\//.test(path) ? path : apiUrl(path);
}

/**
 * A goods picture loaded lazily over a grey placeholder (kept when the goods has no picture or it fails),
 * so the grid never jumps while images arrive.
 */
export function GoodsImage({ src, className, alt }: { src: string | null; className?: string; alt: string }) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  return (
    <View className={`goods-image ${className ?? ''}`}>
      {state !== 'loaded' && (
        <View className="goods-image__placeholder" aria-hidden>
          <Text>{src && state === 'failed' ? '图片加载失败' : '积分好礼'}</Text>
        </View>
      )}
      {src && state !== 'failed' && (
        <Image
          className={`goods-image__img ${state === 'loaded' ? 'goods-image__img--in' : ''}`}
          src={mediaUrl(src)}
          mode="aspectFill"
          lazyLoad
          aria-label={alt}
          onLoad={() => setState('loaded')}
          onError={() => setState('failed')}
        />
      )}
    </View>
  );
}

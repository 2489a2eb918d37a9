import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { apiUrl } from '../../services/config';

/** Media URLs are paths on the API origin (weapp needs the absolute https origin). */
function posterUrl(path: string): string {
  return /^https?:\/\//.test(path) ? path : apiUrl(path);
}

/**
 * An event poster (or its thumb) over a grey placeholder that stays when there is none or it fails, so
 * cards never jump while images arrive. `shape` sets the box: square thumbs in the list, 16:9 on the detail.
 */
export function EventPoster(props: { src: string | null; alt: string; shape: 'thumb' | 'wide'; className?: string }) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const { src } = props;
  return (
    <View className={`event-poster event-poster--${props.shape} ${props.className ?? ''}`}>
      {state !== 'loaded' && (
        <View className="event-poster__placeholder" aria-hidden>
          <Text>{src && state === 'failed' ? '图片加载失败' : '会员活动'}</Text>
        </View>
      )}
      {src && state !== 'failed' && (
        <Image
          className={`event-poster__img ${state === 'loaded' ? 'event-poster__img--in' : ''}`}
          src={posterUrl(src)}
          mode="aspectFill"
          lazyLoad
          aria-label={props.alt}
          onLoad={() => setState('loaded')}
          onError={() => setState('failed')}
        />
      )}
    </View>
  );
}

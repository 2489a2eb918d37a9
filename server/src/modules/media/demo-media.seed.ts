import { Injectable } from '@nestjs/common';
import type { MediaAsset } from '@member/shared';
import sharp from 'sharp';
import { MediaService } from './media.service';

// Demo images drawn here at seed time (no downloaded or copyrighted pictures, nothing kept in the repo):
// a coloured tile, a simple drawing and the goods' name.
const SHAPES = {
  cup: '<rect x="300" y="260" width="170" height="210" rx="24" fill="#fff"/><path d="M470 310 h40 a45 45 0 0 1 0 90 h-40" stroke="#fff" stroke-width="22" fill="none"/><path d="M340 230 q20 -40 0 -70 M390 230 q20 -40 0 -70 M440 230 q20 -40 0 -70" stroke="#fff" stroke-width="12" fill="none" stroke-linecap="round"/>',
  bag: '<path d="M290 300 h220 l30 200 h-280 z" fill="#fff"/><path d="M350 300 v-40 a50 50 0 0 1 100 0 v40" stroke="#fff" stroke-width="18" fill="none"/>',
  ticket:
    '<path d="M250 280 h300 v50 a30 30 0 0 0 0 60 v50 h-300 v-50 a30 30 0 0 0 0 -60 z" fill="#fff"/><path d="M340 300 v140" stroke-dasharray="12 10" stroke-width="6" stroke="rgba(0,0,0,0.25)"/>',
  gift: '<rect x="280" y="300" width="240" height="180" rx="12" fill="#fff"/><rect x="265" y="260" width="270" height="60" rx="10" fill="#fff"/><rect x="388" y="260" width="24" height="220" fill="rgba(0,0,0,0.2)"/><path d="M400 260 c-60 -70 -110 -10 -60 0 M400 260 c60 -70 110 -10 60 0" stroke="#fff" stroke-width="14" fill="none"/>',
  bottle:
    '<rect x="350" y="190" width="100" height="50" rx="10" fill="#fff"/><rect x="320" y="240" width="160" height="250" rx="40" fill="#fff"/><circle cx="400" cy="370" r="36" fill="rgba(0,0,0,0.18)"/>',
  cake: '<rect x="280" y="340" width="240" height="140" rx="16" fill="#fff"/><path d="M280 380 q30 25 60 0 t60 0 t60 0 t60 0" stroke="rgba(0,0,0,0.18)" stroke-width="10" fill="none"/><rect x="392" y="270" width="16" height="70" fill="#fff"/><circle cx="400" cy="255" r="12" fill="#ffd666"/>',
} as const;

const IMAGES = {
  latte: { name: '拿铁', colour: '#8c5a3c', shape: 'cup' },
  mug: { name: '马克杯', colour: '#2f6fba', shape: 'cup' },
  tote: { name: '帆布袋', colour: '#3f8f5a', shape: 'bag' },
  voucher: { name: '代金券', colour: '#d4483b', shape: 'ticket' },
  giftBox: { name: '会员礼盒', colour: '#b8860b', shape: 'gift' },
  careSet: { name: '洗护套装', colour: '#7b5cc4', shape: 'bottle' },
  cake: { name: '生日蛋糕券', colour: '#e06c9f', shape: 'cake' },
} as const satisfies Record<string, { name: string; colour: string; shape: keyof typeof SHAPES }>;

export type DemoImageKey = keyof typeof IMAGES;
export const DEMO_IMAGE_NAMES: Record<DemoImageKey, string> = Object.fromEntries(
  Object.entries(IMAGES).map(([key, image]) => [key, image.name]),
) as Record<DemoImageKey, string>;

/** One 800×800 demo tile as JPEG bytes (the same bytes every time, so re-seeding stores nothing new). */
export async function drawDemoImage(key: DemoImageKey): Promise<Buffer> {
  const { name, colour, shape } = IMAGES[key];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
  <rect width="800" height="800" fill="${colour}"/>
  <circle cx="400" cy="350" r="230" fill="rgba(255,255,255,0.14)"/>
  ${SHAPES[shape]}
  <text x="400" y="680" text-anchor="middle" font-family="Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Micro Hei, sans-serif" font-size="84" font-weight="bold" fill="#fff">${name}</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/**
 * The demo images stored through MediaService (as if an operator had uploaded them), for the mall's demo
 * goods: `const images = await demoMedia.store(); goods.imageIds = [images.latte.id]`.
 */
@Injectable()
export class DemoMediaSeed {
  constructor(private readonly media: MediaService) {}

  async store(): Promise<Record<DemoImageKey, MediaAsset>> {
    const out = {} as Record<DemoImageKey, MediaAsset>;
    for (const key of Object.keys(IMAGES) as DemoImageKey[]) {
      out[key] = await this.media.store(await drawDemoImage(key), null);
    }
    return out;
  }
}

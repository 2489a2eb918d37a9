import { useMemo } from 'react';
import { Image } from '@tarojs/components';
import qrcode from 'qrcode-generator';

interface QrCodeProps {
  value: string;
  id?: string;
  className?: string;
  onClick?: () => void;
}

/** Builds a GIF data URL in pure JS, so the same code runs in weapp (no DOM canvas) and H5. */
export function qrDataUrl(value: string, cellSize = 8, quietModules = 2): string {
  const qr = qrcode(0, 'M');
  // Numeric mode packs the 18-digit code into a smaller, easier-to-scan symbol.
  qr.addData(value, /^\d+$/.test(value) ? 'Numeric' : 'Byte');
  qr.make();
  // createDataURL takes the margin in pixels, not modules.
  return qr.createDataURL(cellSize, cellSize * quietModules);
}

export function QrCode({ value, id, className, onClick }: QrCodeProps) {
  const src = useMemo(() => qrDataUrl(value), [value]);
  return <Image id={id} className={className} src={src} mode="scaleToFill" onClick={onClick} />;
}

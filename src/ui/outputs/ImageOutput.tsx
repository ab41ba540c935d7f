import { useMemo } from 'react';
import { displaySize, pngSize } from './png-size';

export function ImageOutput({ base64, alt = 'image output' }: { base64: string; alt?: string }) {
  const size = useMemo(() => {
    const natural = pngSize(base64);
    return natural === null ? null : displaySize(natural.width, natural.height);
  }, [base64]);
  return (
    <img
      className={size?.pixelated ? 'output-image output-image-pixelated' : 'output-image'}
      src={`data:image/png;base64,${base64}`}
      alt={alt}
      width={size?.width}
      height={size?.height}
    />
  );
}

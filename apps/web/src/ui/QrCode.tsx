import { useEffect, useState } from 'react';
import { toString as qrToSvg } from 'qrcode';

/** A QR code drawn as inline SVG (sharp at any size, nothing to download). */
export function QrCode({ value, label }: { value: string; label: string }) {
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    let live = true;
    qrToSvg(value, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1e3932', light: '#ffffff' } })
      .then((markup) => live && setSvg(markup))
      .catch(() => live && setSvg(undefined));
    return () => {
      live = false;
    };
  }, [value]);
  if (!svg) return <div className="skeleton" style={{ width: 240, height: 240 }} role="img" aria-label={label} />;
  return <div role="img" aria-label={label} data-qr-value={value} dangerouslySetInnerHTML={{ __html: svg }} />;
}

/**
 * A plot's PNG with its title: the chart's image under a band that holds the plot's title (the
 * panel shows the title in its HTML header, which ECharts' own image does not include).
 */

/** Height (CSS px) of the title band above the chart. */
export const TITLE_BAND = 32;

/**
 * Draw `title` centred in a white band above the chart image (`dataUrl`, drawn at `pixelRatio`);
 * resolves to a PNG data URL `TITLE_BAND × pixelRatio` pixels taller than the chart image.
 */
export async function pngWithTitle(dataUrl: string, title: string, pixelRatio: number): Promise<string> {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const band = Math.round(TITLE_BAND * pixelRatio);
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight + band;
  const g = canvas.getContext('2d');
  if (!g) return dataUrl;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#1d2330';
  g.font = `600 ${Math.round(15 * pixelRatio)}px system-ui, -apple-system, 'Segoe UI', sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  // A title wider than the image is cut with an ellipsis (the file keeps the whole graph anyway).
  let text = title;
  const room = canvas.width - 20 * pixelRatio;
  while (text.length > 1 && g.measureText(text).width > room) text = `${text.slice(0, -2)}…`;
  g.fillText(text, canvas.width / 2, band / 2 + pixelRatio);
  g.drawImage(img, 0, band);
  return canvas.toDataURL('image/png');
}

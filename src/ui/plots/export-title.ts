/**
 * A plot's exported image with its title: the chart under a band that holds the plot's title
 * (the panel shows the title in its HTML header, which ECharts' own image does not include).
 * PNG: drawn on a canvas; SVG: the chart's SVG nested under a text element (the title escaped,
 * since it is graph text).
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

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text as XML character data or an attribute value. */
function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/**
 * The chart's SVG (`width` × `height` px) under a `TITLE_BAND` px band with `title` centred in
 * it: one SVG document `TITLE_BAND` px taller, whose root is the new `<svg>` (so the graph file
 * goes into its `<metadata>` as into any plot SVG).
 */
export function svgWithTitle(svg: string, title: string, width: number, height: number): string {
  const h = height + TITLE_BAND;
  // The chart's own document: its XML declaration, if any, may not stand inside another element.
  const inner = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">` +
    `<rect width="${width}" height="${h}" fill="#fff"/>` +
    `<text x="${width / 2}" y="${TITLE_BAND / 2 + 5}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="15" font-weight="600" fill="#1d2330">${escapeXml(title)}</text>` +
    `<g transform="translate(0, ${TITLE_BAND})">${inner}</g></svg>`
  );
}

// The timeline as a PNG for meeting minutes: the chart exactly as it is on screen (zoom, filters,
// rows and days in view), drawn client-side with no library. The chart is styled by CSS classes,
// which an SVG drawn as an image does not see, so each element's computed paint and font are
// copied onto the copy as presentation attributes first. The image is a data: URL, which the
// CSP's img-src already allows (server/app.ts); attributes, not style="", so nothing inline.

/** The computed properties that decide how an SVG element of the chart looks. */
const PAINT = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'visibility',
] as const;

/** Pixels per CSS pixel in the PNG: sharp when pasted into a document or projected. */
const SCALE = 2;
const CAPTION_HEIGHT = 40;

/** A standalone copy of `svg` that looks the same without the page's style sheets. */
export function standaloneSvg(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const element = copies[i]!;
    const style = getComputedStyle(original);
    if (style.display === 'none') element.setAttribute('display', 'none');
    for (const property of PAINT) element.setAttribute(property, style.getPropertyValue(property));
    element.removeAttribute('class');
  });
  // A hover tooltip is not part of the view.
  for (const tip of copy.querySelectorAll('[data-export="skip"]')) tip.remove();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  copy.prepend(background);
  return copy;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The chart could not be drawn as an image'));
    image.src = url;
  });
}

/**
 * The chart on screen as a PNG blob, with a caption line above it (what, which project, when) so
 * that a picture pasted into minutes still says what it shows.
 */
export async function timelinePng(svg: SVGSVGElement, caption: string): Promise<Blob> {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const markup = new XMLSerializer().serializeToString(standaloneSvg(svg));
  const image = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`);

  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * SCALE);
  canvas.height = Math.round((height + CAPTION_HEIGHT) * SCALE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas');
  context.scale(SCALE, SCALE);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height + CAPTION_HEIGHT);
  const font = getComputedStyle(svg).fontFamily;
  context.fillStyle = '#1f2933';
  context.font = `600 14px ${font}`;
  context.textBaseline = 'middle';
  context.fillText(caption, 8, CAPTION_HEIGHT / 2, width - 16);
  context.drawImage(image, 0, CAPTION_HEIGHT, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No PNG'))), 'image/png'));
}

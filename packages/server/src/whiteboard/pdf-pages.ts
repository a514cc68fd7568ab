import { createCanvas } from '@napi-rs/canvas';
import { loadPdfjs } from './pdfjs-module.js';

/** The most pages one document may have. */
export const MAX_PAGES = 300;

export interface RenderedPage {
  image: Buffer;
  thumbnail: Buffer | undefined;
  width: number;
  height: number;
}

export interface RenderOptions {
  width: number;
  height: number;
  force: boolean;
  jpeg: boolean;
  thumbnail: { width: number; height: number } | undefined;
}

/** Whether the bytes start like a PDF (`%PDF-`, possibly after a little junk, as readers allow). */
export function looksLikePdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/**
 * Renders each page of a PDF into an image (pdf.js on a native canvas, both from npm): fitted into width x height
 * keeping its proportions, or stretched to exactly that with `force`; a thumbnail fitted into its own box when
 * asked. Calls `onPage` after each page, in order; throws on a document pdf.js cannot read.
 */
export async function renderPdfPages(
  data: Buffer,
  options: RenderOptions,
  onPage: (index: number, count: number, page: RenderedPage) => Promise<void>,
): Promise<number> {
  const { getDocument } = await loadPdfjs();
  const doc = await getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    if (doc.numPages > MAX_PAGES) throw new Error(`the document has ${doc.numPages} pages, more than ${MAX_PAGES}`);
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const fit = Math.min(options.width / base.width, options.height / base.height);
      const scaleX = options.force ? options.width / base.width : fit;
      const scaleY = options.force ? options.height / base.height : fit;
      const width = Math.max(1, Math.round(base.width * scaleX));
      const height = Math.max(1, Math.round(base.height * scaleY));
      const canvas = createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      ctx.scale(scaleX / fit, scaleY / fit);
      const viewport = page.getViewport({ scale: fit });
      await page.render({ canvasContext: ctx as never, viewport, canvas: canvas as never }).promise;
      const image = options.jpeg ? await canvas.encode('jpeg', 90) : await canvas.encode('png');
      let thumbnail: Buffer | undefined;
      if (options.thumbnail) {
        const t = Math.min(options.thumbnail.width / width, options.thumbnail.height / height);
        const thumb = createCanvas(Math.max(1, Math.round(width * t)), Math.max(1, Math.round(height * t)));
        thumb.getContext('2d').drawImage(canvas, 0, 0, thumb.width, thumb.height);
        thumbnail = options.jpeg ? await thumb.encode('jpeg', 85) : await thumb.encode('png');
      }
      page.cleanup();
      await onPage(n - 1, doc.numPages, { image, thumbnail, width, height });
    }
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

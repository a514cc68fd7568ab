// A valid PDF made in the test: one page per colour, each filled with that colour over its lower-left quarter.

/** Builds a PDF of `colors.length` pages of `width` x `height` points; colours are [r, g, b] in 0..1. */
export function makePdf(colors: readonly [number, number, number][], width = 400, height = 300): Buffer {
  const objects: string[] = [];
  const pageIds = colors.map((_, i) => 3 + i * 2);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${colors.length} >>`);
  colors.forEach(([r, g, b], i) => {
    const content = `${r} ${g} ${b} rg 0 0 ${width / 2} ${height / 2} re f`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents ${4 + i * 2} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out);
}

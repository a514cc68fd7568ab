/** This package's version (kept equal to package.json by a test). */
export const clientVersion = '0.1.0';

export const userAgent = `rtc-openapi-client/${clientVersion} node/${process.versions.node}`;

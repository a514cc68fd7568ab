export const packageName = '@rtc-openapi/signer';

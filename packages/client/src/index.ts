export const packageName = '@rtc-openapi/client';

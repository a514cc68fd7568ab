export const packageName = '@rtc-openapi/server';

export const packageName = 'rtc-openapi';

export const packageName = '@rtc-openapi/api';

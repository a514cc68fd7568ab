export const packageName = '@rtc-openapi/room-client';

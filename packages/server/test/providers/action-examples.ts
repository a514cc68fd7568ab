// Example params for every action-version the server handles, in the order the table-driven test sends them (a
// later example may rely on an earlier one: the callback is created before it is updated, the business id added
// before it is deleted). Each builds its params from what the test set up: the dev app, a second app of the same
// account, a room with two connected users and their join tokens.

export interface ExampleWorld {
  appId: string;
  /** An app of the same account that the app actions may disable. */
  spareAppId: string;
  roomId: string;
  /** Connected to `roomId`, publishing. */
  alice: { userId: string; token: string };
  bob: { userId: string; token: string };
  callbackUrl: string;
  /** A window (RFC 3339) around the room's sessions. */
  window: { StartTime: string; EndTime: string };
  /** The Result of each example sent so far, by "Action version" (a later example may name what it created). */
  results: Record<string, unknown>;
}

export interface ActionExample {
  action: string;
  /** Params per version; `all` for the versions not named. */
  params: (world: ExampleWorld, version: string) => Record<string, unknown>;
}

const recordTask = (w: ExampleWorld, v: string) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `example-${v}` });

const pushTask = (w: ExampleWorld, v: string) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `push-${v}` });
const relayTask = (w: ExampleWorld, v: string) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `relay-${v}` });
const webcastTask = (w: ExampleWorld, v: string) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `webcast-${v}` });
const singleTask = (w: ExampleWorld, v: string) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `single-${v}` });
/** Nothing listens there: the pushes are refused, retried and fail after the test (the answers are what count). */
const PUSH_URL = 'rtmp://127.0.0.1:9/live/example';
const detectionOf = (w: ExampleWorld, v: string) => ({
  AppId: w.appId,
  RoomId: w.roomId,
  UserId: v === '2020-12-01' ? w.alice.userId : w.bob.userId,
});
const voiceTask = (w: ExampleWorld, v: string) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `voice-${v}` });

const text = { Binary: false, Message: 'hello from the backend', From: 'backend' };

export const ACTION_EXAMPLES: readonly ActionExample[] = [
  { action: 'CreateApp', params: () => ({ AppName: 'example-app' }) },
  { action: 'CreateByteplusApp', params: () => ({}) },
  { action: 'ListApps', params: () => ({ Limit: '10', Offset: '0' }) },
  { action: 'DescribeAppKeys', params: (w) => ({ AppId: w.appId }) },
  { action: 'DescribeNewRtcApps', params: () => ({ Limit: 10 }) },
  { action: 'ModifyAppStatus', params: (w) => ({ AppId: w.spareAppId, Status: 1 }) },
  { action: 'AddBusinessID', params: (w, v) => ({ AppId: w.appId, BusinessId: `biz-${v}`, Remarks: 'example' }) },
  {
    action: 'ModifyBusinessRemarks',
    params: (w) => ({ AppId: w.appId, BusinessId: 'biz-2020-12-01', Remarks: 'changed' }),
  },
  { action: 'GetAllBusinessID', params: (w) => ({ AppID: w.appId }) },
  { action: 'DeleteBusinessID', params: (w) => ({ AppId: w.appId, BusinessId: 'biz-2020-12-01' }) },
  {
    action: 'CreateCallback',
    params: (w) => ({
      AppID: w.appId,
      BusinessId: 'example',
      EventList: ['UserJoinRoom'],
      SecretKey: 'example-secret',
      URL: w.callbackUrl,
    }),
  },
  {
    action: 'UpdateCallback',
    params: (w) => ({
      AppID: w.appId,
      BusinessID: 'example',
      EventList: ['UserJoinRoom', 'UserLeaveRoom'],
      SecretKey: 'example-secret-2',
      URL: w.callbackUrl,
    }),
  },
  { action: 'GetCallback', params: (w) => ({ AppId: w.appId }) },
  { action: 'DeleteCallback', params: (w) => ({ AppId: w.appId, BusinessId: 'example' }) },
  { action: 'GetRoomOnlineUsers', params: (w) => ({ AppId: w.appId, RoomId: w.roomId }) },
  { action: 'SendUnicast', params: (w) => ({ AppId: w.appId, To: w.alice.userId, ...text }) },
  { action: 'SendRoomUnicast', params: (w) => ({ AppId: w.appId, RoomId: w.roomId, To: w.bob.userId, ...text }) },
  { action: 'SendBroadcast', params: (w) => ({ AppId: w.appId, RoomId: w.roomId, ...text }) },
  {
    action: 'BatchSendRoomUnicast',
    params: (w) => ({ AppId: w.appId, RoomId: w.roomId, To: [w.alice.userId, w.bob.userId], ...text }),
  },
  { action: 'ListRoomInfo', params: (w) => ({ AppId: w.appId, ...w.window }) },
  { action: 'ListUserInfo', params: (w) => ({ AppId: w.appId, RoomId: w.roomId, ...w.window }) },
  {
    action: 'ListCallDetail',
    params: (w) => ({ AppId: w.appId, RoomId: w.roomId, UserId: w.alice.userId, ...w.window }),
  },
  { action: 'ListUsages', params: (w) => ({ AppId: w.appId, ...w.window }) },
  { action: 'ListRooms', params: (w) => ({ AppId: w.appId }) },
  {
    action: 'CreateVendorPolicy',
    params: (w) => ({ AppID: w.appId, BusinessID: 'biz', RoomID: w.roomId, VendorProportion: '{"a":60,"b":40}' }),
  },
  { action: 'UpdateVendorPolicy', params: () => ({ ID: 1, VendorProportion: '{"a":50,"b":50}' }) },
  {
    action: 'CreateFailRecoveryPolicy',
    params: (w) => ({ AppID: w.appId, RoomID: w.roomId, FromVendor: 'a', ToVendor: 'b' }),
  },
  { action: 'UpdateFailRecoveryPolicy', params: () => ({ ID: 1, RecoveryPercentage: 30 }) },
  {
    action: 'GetFailRecoveryPolicies',
    params: (w) => ({ AppID: w.appId, RoomID: w.roomId, FromVendor: '', ToVendor: '', OrderBy: 'updateTime' }),
  },
  { action: 'DeleteFailRecoveryPolicy', params: () => ({ ID: 1 }) },
  { action: 'ListResourcePackages', params: () => ({}) },
  { action: 'ListResourcePackagesV2', params: () => ({}) },
  { action: 'GetResourcePackNum', params: () => ({}) },
  // The transcode's document cannot be downloaded (nothing listens on port 9): it is created, then fails.
  {
    action: 'WbTranscodeCreate',
    params: (w, v) =>
      v === '2020-12-01'
        ? { app_id: w.appId, operator: 'example', resource: 'http://127.0.0.1:9/example.pdf' }
        : {
            AppId: w.appId,
            Operator: 'example',
            Priority: 0,
            Resource: 'http://127.0.0.1:9/example.pdf',
            TranscodeMode: 0,
          },
  },
  {
    action: 'WbTranscodeQuery',
    params: (w, v) => {
      const created = w.results[`WbTranscodeCreate ${v}`] as { TaskId?: string; task_id?: string };
      return v === '2020-12-01'
        ? { app_id: w.appId, task_id: created.task_id }
        : { AppId: w.appId, TaskId: created.TaskId };
    },
  },
  {
    action: 'WbTranscodeGet',
    params: (w, v) => {
      const created = w.results[`WbTranscodeCreate ${v}`] as { TaskId?: string; task_id?: string };
      return v === '2020-12-01'
        ? { app_id: w.appId, task_id: created.task_id }
        : { AppId: w.appId, TaskId: created.TaskId };
    },
  },
  // The default board; the recording is stopped at once (its file made after the test's answers are checked).
  {
    action: 'StartWBRecord',
    params: (w, v) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `wb-${v}`, UserId: 'wb-recorder' }),
  },
  {
    action: 'StopWBRecord',
    params: (w, v) => ({ AppId: w.appId, RoomId: w.roomId, TaskId: `wb-${v}`, UserId: 'wb-recorder' }),
  },
  { action: 'ListMusics', params: (w) => ({ AppId: w.appId, PageSize: 5 }) },
  { action: 'SearchMusics', params: (w) => ({ AppId: w.appId, KeyWord: 'lantern' }) },
  { action: 'ListHotMusic', params: (w) => ({ AppId: w.appId, HotTypes: [1, 2] }) },
  {
    action: 'ListQuality',
    params: (w) => ({ AppId: w.appId, AggregateGranularity: '5min', Indicator: ['stall_rate'], ...w.window }),
  },
  { action: 'ListRealTimeQuality', params: (w) => ({ AppId: w.appId, Indicator: ['e2e_delay'], ...w.window }) },
  {
    action: 'ListQualityDistribution',
    params: (w) => ({ AppId: w.appId, Dimension: 'OS', Indicator: 'video_stall_rate', ...w.window }),
  },
  {
    action: 'ListRealTimeQualityDistribution',
    params: (w) => ({ AppId: w.appId, Dimension: 'Access', Indicator: 'audio_stall_rate', ...w.window }),
  },
  {
    action: 'ListOperationData',
    params: (w) => ({ AppId: w.appId, AggregateGranularity: '1h', Indicator: ['user_count'], ...w.window }),
  },
  { action: 'ListRealTimeOperationData', params: (w) => ({ AppId: w.appId, Indicator: ['join_count'], ...w.window }) },
  {
    action: 'ListOperationDistribution',
    params: (w) => ({ AppId: w.appId, Dimension: 'Country', Indicator: 'user_count', ...w.window }),
  },
  { action: 'ListIndicators', params: (w) => ({ AppId: w.appId, Indicator: 'duration', ...w.window }) },
  {
    action: 'GetRealtimePostProcessing',
    params: (w) => {
      const end = Math.floor(Date.parse(w.window.EndTime) / 1000);
      return {
        AccountID: '2100000001',
        AppID: w.appId,
        BusinessID: 'example',
        IndicatorName: 'user_count',
        IsDemo: false,
        page: 1,
        size: 10,
        start: end - 1200,
        end,
        timestamp: end,
      };
    },
  },
  {
    action: 'BanUserStream',
    params: (w, v) => ({
      AppId: w.appId,
      RoomId: w.roomId,
      UserId: w.bob.userId,
      Audio: true,
      ...(v === '2020-12-01' ? { Token: w.bob.token } : { ForbiddenInterval: 60 }),
    }),
  },
  {
    action: 'UnbanUserStream',
    params: (w, v) => ({
      AppId: w.appId,
      RoomId: w.roomId,
      UserId: w.bob.userId,
      Audio: true,
      ...(v === '2020-12-01' && { Token: w.bob.token }),
    }),
  },
  {
    action: 'LimitTokenPrivilege',
    params: (w) => ({
      AppId: w.appId,
      RoomId: w.roomId,
      UserId: w.bob.userId,
      Token: w.bob.token,
      ForbiddenInterval: 60,
    }),
  },
  { action: 'BanRoomUser', params: (w) => ({ AppId: w.appId, RoomId: 'banned-room', ForbiddenInterval: 60 }) },
  {
    action: 'UpdateBanRoomUserRule',
    params: (w) => ({ AppId: w.appId, RoomId: 'banned-room', ForbiddenInterval: 120 }),
  },
  // One recording per version (its own TaskId), updated, read and stopped; the files are made after the test.
  {
    action: 'StartRecord',
    params: (w, v) => ({
      ...recordTask(w, v),
      ...(v === '2020-12-01'
        ? { Vod: { AccountId: '2100000001', Space: 'example-space' } }
        : { StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'example-bucket' } } }),
    }),
  },
  { action: 'UpdateRecord', params: (w, v) => ({ ...recordTask(w, v), TargetStreams: { StreamList: [] } }) },
  { action: 'GetRecordTask', params: recordTask },
  { action: 'StopRecord', params: recordTask },
  // A mixed and a single push per version, read, the mixed one updated and stopped.
  {
    action: 'StartPushMixedStreamToCDN',
    params: (w, v) => ({ ...pushTask(w, v), PushURL: PUSH_URL, Encode: { VideoWidth: 320, VideoHeight: 180 } }),
  },
  {
    action: 'UpdatePushMixedStreamToCDN',
    params: (w, v) => ({ ...pushTask(w, v), TargetStreams: { StreamList: [{ UserId: w.alice.userId, Index: 0 }] } }),
  },
  { action: 'GetPushMixedStreamToCDNTask', params: pushTask },
  {
    action: 'StartPushSingleStreamToCDN',
    params: (w, v) => ({ ...singleTask(w, v), PushURL: PUSH_URL, Control: {}, Stream: { UserId: w.alice.userId } }),
  },
  { action: 'GetPushSingleStreamToCDNTask', params: singleTask },
  { action: 'StopPushStreamToCDN', params: pushTask },
  // A public stream per version (its own id), updated, measured and stopped.
  {
    action: 'StartPushPublicStream',
    params: (w, v) => ({
      AppId: w.appId,
      PublicStreamId: `public-${v}`,
      TargetStreams: [{ RoomId: w.roomId, UserId: w.alice.userId }],
      Layout: { LayoutMode: 0 },
    }),
  },
  {
    action: 'UpdatePublicStreamParam',
    params: (w, v) => ({
      AppId: w.appId,
      PublicStreamId: `public-${v}`,
      TargetStreams: [{ RoomId: w.roomId }],
    }),
  },
  {
    action: 'ListRealTimePublicStreamInfo',
    params: (w) => ({ AppId: w.appId, ...w.window, Indicator: ['PublicStreamOnline'] }),
  },
  { action: 'StopPushPublicStream', params: (w, v) => ({ AppId: w.appId, PublicStreamId: `public-${v}` }) },
  // A relay per version scheduled an hour ahead (StartTimeStamp): it stays running through its update, list and stop.
  {
    action: 'StartRelayStream',
    params: (w, v) => ({
      ...relayTask(w, v),
      UserId: w.alice.userId,
      Token: w.alice.token,
      Control: { StreamUrl: w.callbackUrl, StartTimeStamp: Math.floor(Date.now() / 1000) + 3600 },
    }),
  },
  {
    action: 'UpdateRelayStream',
    params: (w, v) => ({
      ...relayTask(w, v),
      Control: { StreamUrl: w.callbackUrl, StartTimeStamp: Math.floor(Date.now() / 1000) + 3600, Loop: true },
    }),
  },
  { action: 'ListRelayStream', params: (w) => ({ AppId: w.appId, RoomId: w.roomId, Limit: 10, Offset: 0 }) },
  { action: 'StopRelayStream', params: relayTask },
  // A webcast per version of the callback receiver's page (it answers 200), read and stopped.
  {
    action: 'StartWebcast',
    params: (w, v) => ({ ...webcastTask(w, v), UserId: `webcast_${v}`, SourceURL: w.callbackUrl }),
  },
  { action: 'GetWebCastTask', params: (w, v) => webcastTask(w, v) },
  { action: 'StopWebcast', params: (w, v) => webcastTask(w, v) },
  {
    action: 'StartSnapshot',
    params: (w, v) => ({
      ...recordTask(w, v),
      ...(v === '2020-12-01'
        ? { TosConfig: { Bucket: 'example-bucket', EndPoint: 'tos.example', Region: 'cn-beijing', UserAccountId: '1' } }
        : { StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'example-bucket' } } }),
      ImageConfig: { Format: 0, Width: 160, Interval: 1 },
    }),
  },
  { action: 'UpdateSnapshot', params: (w, v) => ({ ...recordTask(w, v), ImageConfig: { Format: 1 } }) },
  { action: 'GetSnapshotTask', params: recordTask },
  { action: 'StopSnapshot', params: recordTask },
  {
    action: 'StartSegment',
    params: (w, v) => ({
      ...recordTask(w, v),
      ...(v === '2020-12-01'
        ? { TosConfig: { Bucket: 'example-bucket', EndPoint: 'tos.example', Region: 'cn-beijing', UserAccountId: '1' } }
        : { StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'example-bucket' } } }),
      Duration: 2,
      Identifier: 'example',
    }),
  },
  { action: 'UpdateSegment', params: (w, v) => ({ ...recordTask(w, v), Duration: 3 }) },
  { action: 'GetSegmentTask', params: recordTask },
  { action: 'StopSegment', params: recordTask },
  {
    action: 'StartWebRecord',
    params: (w) => ({ AppId: w.appId, TaskId: 'example-web', InputURL: w.callbackUrl, Bucket: 'example-bucket' }),
  },
  { action: 'GetWebRecordTask', params: (w) => ({ AppId: w.appId, TaskId: 'example-web' }) },
  { action: 'GetWebRecordList', params: (w) => ({ AppId: w.appId, PageNumber: 1, PageSize: 10 }) },
  { action: 'StopWebRecord', params: (w) => ({ AppId: w.appId, TaskId: 'example-web' }) },
  // A detection of one publishing user per version (alice, then bob), listed and stopped.
  {
    action: 'StartDetection',
    params: (w, v) => ({ ...detectionOf(w, v), Callback: w.callbackUrl, CallbackType: 1, Interval: 500 }),
  },
  { action: 'ListDetectionTask', params: (w) => ({ AppId: w.appId, RoomId: w.roomId }) },
  { action: 'StopDetection', params: detectionOf },
  {
    action: 'StartVoiceChat',
    params: (w, v) => ({
      ...voiceTask(w, v),
      Config: {
        ASRConfig: { Provider: 'volcano', ProviderParams: { Mode: 'smallmodel' } },
        TTSConfig: { Provider: 'volcano', ProviderParams: { audio: { voice_type: 'BV001_streaming' } } },
        // ArkV3 without --llm-endpoint: the scripted echo model, no network.
        LLMConfig: { Mode: 'ArkV3', EndPointId: 'ep-example', SystemMessages: ['Be brief.'] },
      },
      AgentConfig: { TargetUserId: [w.alice.userId], UserId: `agent-${v}`, WelcomeMessage: 'Hello' },
    }),
  },
  { action: 'UpdateVoiceChat', params: (w, v) => ({ ...voiceTask(w, v), Command: 'interrupt' }) },
  { action: 'StopVoiceChat', params: voiceTask },
  { action: 'AibotxQuery', params: () => ({ PageNum: 1, Limit: 12 }) },
  { action: 'KickUser', params: (w) => ({ AppId: w.appId, RoomId: w.roomId, UserId: w.bob.userId }) },
  { action: 'DismissRoom', params: (w) => ({ AppId: w.appId, RoomId: w.roomId }) },
];

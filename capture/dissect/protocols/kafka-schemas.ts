/**
 * Kafka message schemas for the APIs the dissector decodes, transcribed from Apache Kafka's
 * message definitions (clients/src/main/resources/common/message/*.json): one table per
 * API with each field's type and the versions it exists in. `kafka-codec.ts` interprets
 * them to decode (dissector) and `kafka-encode.ts` to encode (tests, synthetic traffic).
 *
 * From `flexible` on, a version uses compact strings/arrays/bytes (unsigned varint length
 * + 1) and ends every structure with tagged fields; its request header is v2 (client id
 * plus tagged fields) and its response header v1 (tagged fields) — except ApiVersions,
 * whose response header is always v0. Field names are the definitions' names in camelCase.
 *
 * Types: i8 i16 i32 i64 bool uuid, `str` (nullable string), `bytes` (nullable bytes),
 * `records` (record batches, summarised), `[i32]` `[i64]` `[str]` arrays, or a nested
 * field list for an array of structures. Any array may be null.
 */

export type KScalar = 'i8' | 'i16' | 'i32' | 'i64' | 'bool' | 'uuid' | 'str' | 'bytes' | 'records' | '[i32]' | '[i64]' | '[str]';

export interface KField {
  name: string;
  type: KScalar | KField[];
  /** First and last version that have the field. */
  min: number;
  max: number;
}

export interface KApi {
  key: number;
  name: string;
  maxVersion: number;
  /** First flexible version (99 when none is). */
  flexible: number;
  request: KField[];
  response: KField[];
}

const f = (name: string, type: KScalar | KField[], min = 0, max = 99): KField => ({ name, type, min, max });
const throttle = (min: number) => f('throttleTimeMs', 'i32', min);

const produce: KApi = {
  key: 0, name: 'Produce', maxVersion: 9, flexible: 9,
  request: [
    f('transactionalId', 'str', 3), f('acks', 'i16'), f('timeoutMs', 'i32'),
    f('topicData', [f('name', 'str'), f('partitionData', [f('index', 'i32'), f('records', 'records')])]),
  ],
  response: [
    f('responses', [
      f('name', 'str'),
      f('partitionResponses', [
        f('index', 'i32'), f('errorCode', 'i16'), f('baseOffset', 'i64'), f('logAppendTimeMs', 'i64', 2), f('logStartOffset', 'i64', 5),
        f('recordErrors', [f('batchIndex', 'i32'), f('batchIndexErrorMessage', 'str')], 8), f('errorMessage', 'str', 8),
      ]),
    ]),
    throttle(1),
  ],
};

const fetch: KApi = {
  key: 1, name: 'Fetch', maxVersion: 13, flexible: 12,
  request: [
    f('replicaId', 'i32'), f('maxWaitMs', 'i32'), f('minBytes', 'i32'), f('maxBytes', 'i32', 3), f('isolationLevel', 'i8', 4),
    f('sessionId', 'i32', 7), f('sessionEpoch', 'i32', 7),
    f('topics', [
      f('topic', 'str', 0, 12), f('topicId', 'uuid', 13),
      f('partitions', [
        f('partition', 'i32'), f('currentLeaderEpoch', 'i32', 9), f('fetchOffset', 'i64'), f('lastFetchedEpoch', 'i32', 12),
        f('logStartOffset', 'i64', 5), f('partitionMaxBytes', 'i32'),
      ]),
    ]),
    f('forgottenTopicsData', [f('topic', 'str', 7, 12), f('topicId', 'uuid', 13), f('partitions', '[i32]')], 7),
    f('rackId', 'str', 11),
  ],
  response: [
    throttle(1), f('errorCode', 'i16', 7), f('sessionId', 'i32', 7),
    f('responses', [
      f('topic', 'str', 0, 12), f('topicId', 'uuid', 13),
      f('partitions', [
        f('partitionIndex', 'i32'), f('errorCode', 'i16'), f('highWatermark', 'i64'), f('lastStableOffset', 'i64', 4),
        f('logStartOffset', 'i64', 5), f('abortedTransactions', [f('producerId', 'i64'), f('firstOffset', 'i64')], 4),
        f('preferredReadReplica', 'i32', 11), f('records', 'records'),
      ]),
    ]),
  ],
};

const listOffsets: KApi = {
  key: 2, name: 'ListOffsets', maxVersion: 7, flexible: 6,
  request: [
    f('replicaId', 'i32'), f('isolationLevel', 'i8', 2),
    f('topics', [f('name', 'str'), f('partitions', [f('partitionIndex', 'i32'), f('currentLeaderEpoch', 'i32', 4), f('timestamp', 'i64'), f('maxNumOffsets', 'i32', 0, 0)])]),
  ],
  response: [
    throttle(2),
    f('topics', [
      f('name', 'str'),
      f('partitions', [
        f('partitionIndex', 'i32'), f('errorCode', 'i16'), f('oldStyleOffsets', '[i64]', 0, 0), f('timestamp', 'i64', 1), f('offset', 'i64', 1),
        f('leaderEpoch', 'i32', 4),
      ]),
    ]),
  ],
};

const metadata: KApi = {
  key: 3, name: 'Metadata', maxVersion: 12, flexible: 9,
  request: [
    f('topics', [f('topicId', 'uuid', 10), f('name', 'str')]), f('allowAutoTopicCreation', 'bool', 4),
    f('includeClusterAuthorizedOperations', 'bool', 8, 10), f('includeTopicAuthorizedOperations', 'bool', 8),
  ],
  response: [
    throttle(3),
    f('brokers', [f('nodeId', 'i32'), f('host', 'str'), f('port', 'i32'), f('rack', 'str', 1)]),
    f('clusterId', 'str', 2), f('controllerId', 'i32', 1),
    f('topics', [
      f('errorCode', 'i16'), f('name', 'str'), f('topicId', 'uuid', 10), f('isInternal', 'bool', 1),
      f('partitions', [
        f('errorCode', 'i16'), f('partitionIndex', 'i32'), f('leaderId', 'i32'), f('leaderEpoch', 'i32', 7), f('replicaNodes', '[i32]'),
        f('isrNodes', '[i32]'), f('offlineReplicas', '[i32]', 5),
      ]),
      f('topicAuthorizedOperations', 'i32', 8),
    ]),
    f('clusterAuthorizedOperations', 'i32', 8, 10),
  ],
};

const offsetCommit: KApi = {
  key: 8, name: 'OffsetCommit', maxVersion: 8, flexible: 8,
  request: [
    f('groupId', 'str'), f('generationId', 'i32', 1), f('memberId', 'str', 1), f('groupInstanceId', 'str', 7), f('retentionTimeMs', 'i64', 2, 4),
    f('topics', [
      f('name', 'str'),
      f('partitions', [
        f('partitionIndex', 'i32'), f('committedOffset', 'i64'), f('committedLeaderEpoch', 'i32', 6), f('commitTimestamp', 'i64', 1, 1),
        f('committedMetadata', 'str'),
      ]),
    ]),
  ],
  response: [throttle(3), f('topics', [f('name', 'str'), f('partitions', [f('partitionIndex', 'i32'), f('errorCode', 'i16')])])],
};

const offsetFetchPartitions = [
  f('partitionIndex', 'i32'), f('committedOffset', 'i64'), f('committedLeaderEpoch', 'i32', 5), f('metadata', 'str'), f('errorCode', 'i16'),
];

const offsetFetch: KApi = {
  key: 9, name: 'OffsetFetch', maxVersion: 8, flexible: 6,
  request: [
    f('groupId', 'str', 0, 7), f('topics', [f('name', 'str'), f('partitionIndexes', '[i32]')], 0, 7),
    f('groups', [f('groupId', 'str'), f('topics', [f('name', 'str'), f('partitionIndexes', '[i32]')])], 8), f('requireStable', 'bool', 7),
  ],
  response: [
    throttle(3), f('topics', [f('name', 'str'), f('partitions', offsetFetchPartitions)], 0, 7), f('errorCode', 'i16', 2, 7),
    f('groups', [f('groupId', 'str'), f('topics', [f('name', 'str'), f('partitions', offsetFetchPartitions)]), f('errorCode', 'i16')], 8),
  ],
};

const findCoordinator: KApi = {
  key: 10, name: 'FindCoordinator', maxVersion: 4, flexible: 3,
  request: [f('key', 'str', 0, 3), f('keyType', 'i8', 1), f('coordinatorKeys', '[str]', 4)],
  response: [
    throttle(1), f('errorCode', 'i16', 0, 3), f('errorMessage', 'str', 1, 3), f('nodeId', 'i32', 0, 3), f('host', 'str', 0, 3), f('port', 'i32', 0, 3),
    f('coordinators', [f('key', 'str'), f('nodeId', 'i32'), f('host', 'str'), f('port', 'i32'), f('errorCode', 'i16'), f('errorMessage', 'str')], 4),
  ],
};

const joinGroup: KApi = {
  key: 11, name: 'JoinGroup', maxVersion: 9, flexible: 6,
  request: [
    f('groupId', 'str'), f('sessionTimeoutMs', 'i32'), f('rebalanceTimeoutMs', 'i32', 1), f('memberId', 'str'), f('groupInstanceId', 'str', 5),
    f('protocolType', 'str'), f('protocols', [f('name', 'str'), f('metadata', 'bytes')]), f('reason', 'str', 8),
  ],
  response: [
    throttle(2), f('errorCode', 'i16'), f('generationId', 'i32'), f('protocolType', 'str', 7), f('protocolName', 'str'), f('leader', 'str'),
    f('skipAssignment', 'bool', 9), f('memberId', 'str'), f('members', [f('memberId', 'str'), f('groupInstanceId', 'str', 5), f('metadata', 'bytes')]),
  ],
};

const heartbeat: KApi = {
  key: 12, name: 'Heartbeat', maxVersion: 4, flexible: 4,
  request: [f('groupId', 'str'), f('generationId', 'i32'), f('memberId', 'str'), f('groupInstanceId', 'str', 3)],
  response: [throttle(1), f('errorCode', 'i16')],
};

const leaveGroup: KApi = {
  key: 13, name: 'LeaveGroup', maxVersion: 5, flexible: 4,
  request: [f('groupId', 'str'), f('memberId', 'str', 0, 2), f('members', [f('memberId', 'str'), f('groupInstanceId', 'str'), f('reason', 'str', 5)], 3)],
  response: [throttle(1), f('errorCode', 'i16'), f('members', [f('memberId', 'str'), f('groupInstanceId', 'str'), f('errorCode', 'i16')], 3)],
};

const syncGroup: KApi = {
  key: 14, name: 'SyncGroup', maxVersion: 5, flexible: 4,
  request: [
    f('groupId', 'str'), f('generationId', 'i32'), f('memberId', 'str'), f('groupInstanceId', 'str', 3), f('protocolType', 'str', 5),
    f('protocolName', 'str', 5), f('assignments', [f('memberId', 'str'), f('assignment', 'bytes')]),
  ],
  response: [throttle(1), f('errorCode', 'i16'), f('protocolType', 'str', 5), f('protocolName', 'str', 5), f('assignment', 'bytes')],
};

const saslHandshake: KApi = {
  key: 17, name: 'SaslHandshake', maxVersion: 1, flexible: 99,
  request: [f('mechanism', 'str')],
  response: [f('errorCode', 'i16'), f('mechanisms', '[str]')],
};

const apiVersions: KApi = {
  key: 18, name: 'ApiVersions', maxVersion: 3, flexible: 3,
  request: [f('clientSoftwareName', 'str', 3), f('clientSoftwareVersion', 'str', 3)],
  response: [f('errorCode', 'i16'), f('apiKeys', [f('apiKey', 'i16'), f('minVersion', 'i16'), f('maxVersion', 'i16')]), throttle(1)],
};

const createTopics: KApi = {
  key: 19, name: 'CreateTopics', maxVersion: 7, flexible: 5,
  request: [
    f('topics', [
      f('name', 'str'), f('numPartitions', 'i32'), f('replicationFactor', 'i16'),
      f('assignments', [f('partitionIndex', 'i32'), f('brokerIds', '[i32]')]), f('configs', [f('name', 'str'), f('value', 'str')]),
    ]),
    f('timeoutMs', 'i32'), f('validateOnly', 'bool', 1),
  ],
  response: [
    throttle(2),
    f('topics', [
      f('name', 'str'), f('topicId', 'uuid', 7), f('errorCode', 'i16'), f('errorMessage', 'str', 1), f('numPartitions', 'i32', 5),
      f('replicationFactor', 'i16', 5),
      f('configs', [f('name', 'str'), f('value', 'str'), f('readOnly', 'bool'), f('configSource', 'i8'), f('isSensitive', 'bool')], 5),
    ]),
  ],
};

const ALL = [produce, fetch, listOffsets, metadata, offsetCommit, offsetFetch, findCoordinator, joinGroup, heartbeat, leaveGroup, syncGroup, saslHandshake, apiVersions, createTopics];

const BY_KEY: (KApi | undefined)[] = [];
for (const a of ALL) BY_KEY[a.key] = a;

/** The schema of API `key`, or undefined when the dissector does not decode its body. */
export function kafkaApi(key: number): KApi | undefined {
  return key >= 0 && key < BY_KEY.length ? BY_KEY[key] : undefined;
}

/** Whether `version` of API `key` is flexible (compact encodings, tagged fields, header v2/v1). */
export function isFlexible(key: number, version: number): boolean {
  const a = kafkaApi(key);
  return a !== undefined && version >= a.flexible;
}

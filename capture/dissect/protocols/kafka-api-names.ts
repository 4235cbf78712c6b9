/**
 * Kafka API key → name, as in the Kafka protocol guide (https://kafka.apache.org/protocol)
 * and as Kubeshark shows them in `request.apiKeyName`. Keys not listed are named
 * `Unknown(<key>)`.
 */
const NAMES = [
  'Produce', 'Fetch', 'ListOffsets', 'Metadata', 'LeaderAndIsr', 'StopReplica', 'UpdateMetadata', 'ControlledShutdown',
  'OffsetCommit', 'OffsetFetch', 'FindCoordinator', 'JoinGroup', 'Heartbeat', 'LeaveGroup', 'SyncGroup', 'DescribeGroups',
  'ListGroups', 'SaslHandshake', 'ApiVersions', 'CreateTopics', 'DeleteTopics', 'DeleteRecords', 'InitProducerId',
  'OffsetForLeaderEpoch', 'AddPartitionsToTxn', 'AddOffsetsToTxn', 'EndTxn', 'WriteTxnMarkers', 'TxnOffsetCommit',
  'DescribeAcls', 'CreateAcls', 'DeleteAcls', 'DescribeConfigs', 'AlterConfigs', 'AlterReplicaLogDirs', 'DescribeLogDirs',
  'SaslAuthenticate', 'CreatePartitions', 'CreateDelegationToken', 'RenewDelegationToken', 'ExpireDelegationToken',
  'DescribeDelegationToken', 'DeleteGroups', 'ElectLeaders', 'IncrementalAlterConfigs', 'AlterPartitionReassignments',
  'ListPartitionReassignments', 'OffsetDelete', 'DescribeClientQuotas', 'AlterClientQuotas', 'DescribeUserScramCredentials',
  'AlterUserScramCredentials', 'Vote', 'BeginQuorumEpoch', 'EndQuorumEpoch', 'DescribeQuorum', 'AlterPartition',
  'UpdateFeatures', 'Envelope', 'FetchSnapshot', 'DescribeCluster', 'DescribeProducers', 'BrokerRegistration',
  'BrokerHeartbeat', 'UnregisterBroker', 'DescribeTransactions', 'ListTransactions', 'AllocateProducerIds',
  'ConsumerGroupHeartbeat', 'ConsumerGroupDescribe', 'ControllerRegistration', 'GetTelemetrySubscriptions', 'PushTelemetry',
  'AssignReplicasToDirs', 'ListClientMetricsResources', 'DescribeTopicPartitions',
];

/** Highest API key with a name. */
export const MAX_KNOWN_API_KEY = NAMES.length - 1;

export function kafkaApiName(key: number): string {
  return key >= 0 && key < NAMES.length ? NAMES[key] : `Unknown(${key})`;
}

/** Error code → name for the codes clients meet most; others print as their number. */
const ERRORS: Record<number, string> = {
  [-1]: 'UNKNOWN_SERVER_ERROR', 0: 'NONE', 1: 'OFFSET_OUT_OF_RANGE', 2: 'CORRUPT_MESSAGE', 3: 'UNKNOWN_TOPIC_OR_PARTITION',
  5: 'LEADER_NOT_AVAILABLE', 6: 'NOT_LEADER_OR_FOLLOWER', 7: 'REQUEST_TIMED_OUT', 10: 'MESSAGE_TOO_LARGE',
  14: 'COORDINATOR_LOAD_IN_PROGRESS', 15: 'COORDINATOR_NOT_AVAILABLE', 16: 'NOT_COORDINATOR', 22: 'ILLEGAL_GENERATION',
  25: 'UNKNOWN_MEMBER_ID', 27: 'REBALANCE_IN_PROGRESS', 29: 'TOPIC_AUTHORIZATION_FAILED', 30: 'GROUP_AUTHORIZATION_FAILED',
  35: 'UNSUPPORTED_VERSION', 36: 'TOPIC_ALREADY_EXISTS', 58: 'SASL_AUTHENTICATION_FAILED', 79: 'MEMBER_ID_REQUIRED',
};

export function kafkaErrorName(code: number): string {
  return ERRORS[code] ?? String(code);
}

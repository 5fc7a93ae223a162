package io.tidal.cluster;

/**
 * A snapshot of a {@link KafkaIngest}'s counters since it started.
 *
 * @param state starting, running, retrying (the broker, topic or database failed: see lastError)
 *     or stopped
 * @param consumed records read from the topic (re-reads after a retry included)
 * @param applied signals written to the database in committed batches (a repeat of a dedup key
 *     among them is dropped by the database and counted in its {@code sys.stats} duplicates)
 * @param deadLettered records sent to the dead-letter topic (the three kinds below)
 * @param badPayloads records whose value is not a signal (JSON or binary)
 * @param unknownTypes records naming a signal type this database does not have
 * @param invalidSignals decoded signals the database refused (bad entity id, weight, timestamp ...)
 * @param batches database transactions committed (records + offsets, one WAL batch each)
 * @param brokerErrors failures to reach the broker (timeouts, connection refused)
 * @param topicErrors times the topic was found missing
 * @param databaseErrors database writes that failed and were retried from the stored offsets
 * @param lag records on the topic not yet applied (sum over partitions; -1 unknown)
 * @param lastError the latest failure, or null
 */
public record IngestStats(
    String state,
    long consumed,
    long applied,
    long deadLettered,
    long badPayloads,
    long unknownTypes,
    long invalidSignals,
    long batches,
    long brokerErrors,
    long topicErrors,
    long databaseErrors,
    long lag,
    String lastError) {}

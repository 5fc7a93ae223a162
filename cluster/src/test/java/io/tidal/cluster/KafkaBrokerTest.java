package io.tidal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The fixture itself: a broker that starts, accepts a topic and acknowledges a record. */
class KafkaBrokerTest {
  @Test
  void brokerStartsAndAcknowledgesARecord() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopics(Map.of("smoke", 1));
    try (var producer = broker.producer()) {
      RecordMetadata md = producer.send(new ProducerRecord<>("smoke", new byte[] {1})).get();
      assertThat(md.offset()).isZero();
    }
  }
}

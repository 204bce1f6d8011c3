package dev.edgesync.testkit.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalServersTest {

    @Test
    void startsRealKafkaRedisAndPostgresOnLoopbackAndStopsThem() throws Exception {
        var dir = Files.createTempDirectory("edgesync-servers-test");
        RedisInstance redisA;
        KafkaBroker kafka;
        try (LocalServers servers = new LocalServers(dir, true, 0, 0, Map.of())) {
            // Kafka: a record produced is consumed back.
            String bootstrap = servers.kafkaBootstrap();
            assertTrue(bootstrap.startsWith("127.0.0.1:"), bootstrap);
            kafka = servers.kafka();
            servers.createTopics("lab-test");
            try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("lab-test", "k", "hello")).get();
            }
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("group.id", "lab-test");
            props.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("lab-test"));
                String seen = null;
                long deadline = System.currentTimeMillis() + 30_000;
                while (seen == null && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        seen = record.value();
                    }
                }
                assertEquals("hello", seen);
            }

            // Redis: one server per region, each answering PING on its own port.
            redisA = servers.redis("a");
            RedisInstance redisB = servers.redis("b");
            assertNotEquals(redisA.port(), redisB.port());
            assertTrue(redisA.answersPing() && redisB.answersPing());
            assertEquals(redisA.url(), servers.redisUrl("a"));

            // PostgreSQL: the edgesync database accepts SQL.
            PostgresInstance postgres = servers.postgres();
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                    ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                assertTrue(rs.next());
                assertEquals("edgesync", rs.getString(1));
            }
        }
        assertFalse(redisA.process().isAlive(), "Redis still running after close");
        assertFalse(kafka.process().isAlive(), "Kafka still running after close");
        assertFalse(Files.exists(dir), "scratch directory left behind");
    }
}

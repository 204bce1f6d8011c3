package dev.edgesync.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With {@code kafka.users.enabled}, Kafka refuses whatever a service's KafkaUser has no ACL for: every consumer group
 * and topic a service's channels name in its {@code application.properties} must be allowed, or that channel fails
 * on the cluster only (a new consumer group added without its ACL would pass every test that runs here).
 */
class KafkaAclsTest {
    private static final Pattern CHANNEL = Pattern.compile(
            "^mp\\.messaging\\.(incoming|outgoing)\\.([\\w-]+)\\.(group\\.id|topic|dead-letter-queue\\.topic)=(.+)$");

    /** One channel setting: the group or topic a channel uses, and whether it reads or writes. */
    record Use(boolean reads, String channel, boolean group, String name) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"origin,origin", "edge,edge"})
    void everyConsumerGroupAndTopicOfTheServiceIsAllowed(String module, String user) throws IOException {
        Rendered out = Rendered.of(Chart.render(List.of(), Chart.sets("kafka.users.enabled", true)));
        KafkaUser kafkaUser = out.get(KafkaUser.class, Chart.RELEASE + "-" + user);
        List<AclRule> acls = ((KafkaUserAuthorizationSimple) kafkaUser.getSpec().getAuthorization()).getAcls();
        List<Use> uses = uses(Chart.root().resolve(module).resolve("src/main/resources/application.properties"));
        assertFalse(uses.isEmpty(), "the service's channels are read");
        for (Use use : uses) {
            String name = use.name().replace("${edgesync.region.name}", "us-east");
            AclOperation op = use.reads() ? AclOperation.READ : AclOperation.WRITE;
            assertTrue(acls.stream().anyMatch(a -> allows(a, use.group(), name, op)),
                    user + " has no " + op + " ACL for " + (use.group() ? "group " : "topic ") + name
                            + " (channel " + use.channel() + ")");
        }
    }

    private static boolean allows(AclRule acl, boolean group, String name, AclOperation op) {
        String pattern;
        AclResourcePatternType type;
        if (group && acl.getResource() instanceof AclRuleGroupResource g) {
            pattern = g.getName();
            type = g.getPatternType();
        } else if (!group && acl.getResource() instanceof AclRuleTopicResource t) {
            pattern = t.getName();
            type = t.getPatternType();
        } else {
            return false;
        }
        boolean matches = type == AclResourcePatternType.PREFIX ? name.startsWith(pattern) : name.equals(pattern);
        return matches && acl.getOperations().contains(op);
    }

    private static List<Use> uses(Path properties) throws IOException {
        List<Use> uses = new ArrayList<>();
        for (String line : Files.readAllLines(properties)) {
            Matcher m = CHANNEL.matcher(line.trim());
            if (m.matches()) {
                boolean group = m.group(3).equals("group.id");
                boolean deadLetters = m.group(3).startsWith("dead-letter-queue");
                uses.add(new Use(group || m.group(1).equals("incoming") && !deadLetters, m.group(2), group, m.group(4).trim()));
            }
        }
        return uses;
    }
}

package dev.edgesync.deploy;

import dev.edgesync.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The rendered topology, for the default regions and for five regions: objects exist and point at each other. */
class ChartTopologyTest {

    private static final String R = Chart.RELEASE;
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    static Stream<Values> valueSets() {
        return Stream.of(Values.defaults(), Values.fiveRegions());
    }

    private static Rendered rendered(Values values) {
        return CACHE.computeIfAbsent(values.label(), l -> values.render());
    }

    @Test
    void defaultRegionsAreTheDocumentedOnes() {
        List<Values.Region> regions = Values.defaults().regions();
        assertEquals(List.of("us-east:100:eager", "eu-west:300:lazy", "ap-south:600:lazy"),
                regions.stream().map(r -> r.name() + ":" + r.delayMs() + ":" + r.strategy()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRegionGetsExactlyItsOwnObjects(Values values) {
        Rendered out = rendered(values);
        Set<String> names = values.regions().stream().map(Values.Region::name).collect(Collectors.toSet());
        assertEquals(names.stream().map(n -> R + "-edge-" + n).collect(Collectors.toSet()),
                out.all(Deployment.class).stream().map(d -> d.getMetadata().getName())
                        .filter(n -> n.startsWith(R + "-edge-")).collect(Collectors.toSet()));
        assertEquals(names.stream().map(n -> R + "-redis-" + n).collect(Collectors.toSet()),
                out.all(StatefulSet.class).stream().map(s -> s.getMetadata().getName())
                        .filter(n -> n.startsWith(R + "-redis-")).collect(Collectors.toSet()));
        assertEquals(names.size(), out.all(PodDisruptionBudget.class).size());
        assertEquals(names.stream().map(n -> R + "-region-" + n).collect(Collectors.toSet()),
                out.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName())
                        .filter(n -> n.startsWith(R + "-region-")).collect(Collectors.toSet()));
        // 2 Services per region (edge + headless Redis), origin, postgres
        assertEquals(2 * names.size() + 2, out.all(Service.class).size());
        assertEquals(names.size() + 1, out.all(NetworkPolicy.class).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void regionConfigMapHoldsTheRegionsSettings(Values values) {
        Rendered out = rendered(values);
        for (Values.Region region : values.regions()) {
            String cm = R + "-region-" + region.name();
            assertEquals(region.strategy(), out.configMapData(cm, "EDGESYNC_REGION_STRATEGY"));
            assertEquals(Long.toString(region.delayMs()), out.configMapData(cm, "EDGESYNC_REGION_DELAY_MS"));
            assertEquals(region.maxTtl(), out.configMapData(cm, "EDGESYNC_CACHE_MAX_TTL"));
            assertEquals(Set.of(
                            "edgesync.region.strategy=" + region.strategy(),
                            "edgesync.region.delay-ms=" + region.delayMs(),
                            "edgesync.cache.max-ttl=" + region.maxTtl()),
                    out.configMapData(cm, "region.properties").lines().collect(Collectors.toSet()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void edgeDeploymentIsWiredToItsConfigMapRedisOriginAndKafka(Values values) {
        Rendered out = rendered(values);
        Kafka kafka = out.all(Kafka.class).get(0);
        for (Values.Region region : values.regions()) {
            Deployment edge = out.get(Deployment.class, R + "-edge-" + region.name());
            assertEquals(region.replicas(), edge.getSpec().getReplicas());
            assertTrue(matches(edge.getSpec().getSelector().getMatchLabels(), edge.getSpec().getTemplate().getMetadata().getLabels()));
            Container container = single(edge.getSpec().getTemplate());
            assertEquals("edgesync-edge:0.1.0-SNAPSHOT", container.getImage());
            Map<String, EnvVar> env = env(container);

            assertEquals(region.name(), env.get("EDGESYNC_REGION_NAME").getValue());
            String configMap = R + "-region-" + region.name();
            for (String key : List.of("EDGESYNC_REGION_STRATEGY", "EDGESYNC_REGION_DELAY_MS", "EDGESYNC_CACHE_MAX_TTL")) {
                var ref = env.get(key).getValueFrom().getConfigMapKeyRef();
                assertEquals(configMap, ref.getName(), key);
                assertEquals(key, ref.getKey());
                out.configMapData(ref.getName(), ref.getKey());
            }
            assertEquals("/etc/edgesync/region/region.properties", env.get("EDGESYNC_REGION_CONFIG_FILE").getValue());
            VolumeMount mount = container.getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/etc/edgesync/region")).findFirst().orElseThrow();
            assertNull(mount.getSubPath(), "a subPath mount would never see ConfigMap updates");
            Volume volume = volume(edge.getSpec().getTemplate(), mount.getName());
            assertEquals(configMap, volume.getConfigMap().getName());
            assertTrue(volume.getConfigMap().getItems().stream().anyMatch(i -> i.getKey().equals("region.properties")
                    && i.getPath().equals("region.properties")));

            String redisSts = R + "-redis-" + region.name();
            StatefulSet redis = out.get(StatefulSet.class, redisSts);
            Service headless = out.get(Service.class, redis.getSpec().getServiceName());
            assertEquals("None", headless.getSpec().getClusterIP());
            assertEquals("redis://" + redisSts + "-0." + headless.getMetadata().getName() + ":6379",
                    env.get("QUARKUS_REDIS_HOSTS").getValue());
            assertServiceReaches(headless, 6379, redis.getSpec().getTemplate());
            assertTrue(matches(headless.getSpec().getSelector(), redis.getSpec().getTemplate().getMetadata().getLabels()));

            assertEquals("http://" + R + "-origin:8080", env.get("EDGESYNC_ORIGIN_URL").getValue());
            assertServiceReaches(out.get(Service.class, R + "-origin"), 8080,
                    out.get(Deployment.class, R + "-origin").getSpec().getTemplate());
            assertEquals(kafka.getMetadata().getName() + "-kafka-bootstrap:9092", env.get("KAFKA_BOOTSTRAP_SERVERS").getValue());
            assertSecretRef(out, env.get("EDGESYNC_ADMIN_TOKEN"));
            assertEquals("8080", env.get("QUARKUS_HTTP_PORT").getValue());
            assertEquals("0.0.0.0", env.get("QUARKUS_HTTP_HOST").getValue());
            assertEquals(8080, port(container, "http").getContainerPort());

            Service service = out.get(Service.class, R + "-edge-" + region.name());
            assertServiceReaches(service, 8080, edge.getSpec().getTemplate());
            assertEquals(Set.of(edge.getMetadata().getName()), selectedPods(out, service.getSpec().getSelector()),
                    "the edge Service of " + region.name() + " must select that region's edges only");

            PodDisruptionBudget pdb = out.get(PodDisruptionBudget.class, R + "-edge-" + region.name());
            assertEquals(Set.of(edge.getMetadata().getName()), selectedPods(out, pdb.getSpec().getSelector().getMatchLabels()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void redisOfEachRegionHasItsSettingsAndAVolumeClaim(Values values) {
        Rendered out = rendered(values);
        for (Values.Region region : values.regions()) {
            StatefulSet redis = out.get(StatefulSet.class, R + "-redis-" + region.name());
            assertEquals(1, redis.getSpec().getReplicas());
            Container container = single(redis.getSpec().getTemplate());
            assertEquals("redis:7.4-alpine", container.getImage());
            List<String> args = container.getArgs();
            assertEquals(region.redisMaxmemory(), args.get(args.indexOf("--maxmemory") + 1));
            assertEquals(region.redisEviction(), args.get(args.indexOf("--maxmemory-policy") + 1));
            assertEquals("/data", args.get(args.indexOf("--dir") + 1));
            var claim = redis.getSpec().getVolumeClaimTemplates().get(0);
            assertEquals(new Quantity(region.redisStorage()), claim.getSpec().getResources().getRequests().get("storage"));
            assertTrue(container.getVolumeMounts().stream()
                    .anyMatch(m -> m.getName().equals(claim.getMetadata().getName()) && m.getMountPath().equals("/data")));
            assertEquals(999L, redis.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void originIsWiredToPostgresKafkaAndItsSecrets(Values values) {
        Rendered out = rendered(values);
        Deployment origin = out.get(Deployment.class, R + "-origin");
        Container container = single(origin.getSpec().getTemplate());
        assertEquals("edgesync-origin:0.1.0-SNAPSHOT", container.getImage());
        Map<String, EnvVar> env = env(container);
        StatefulSet postgres = out.get(StatefulSet.class, R + "-postgres");
        Service postgresService = out.get(Service.class, R + "-postgres");
        assertEquals("jdbc:postgresql://" + postgresService.getMetadata().getName() + ":5432/edgesync",
                env.get("QUARKUS_DATASOURCE_JDBC_URL").getValue());
        assertServiceReaches(postgresService, 5432, postgres.getSpec().getTemplate());
        assertEquals("edgesync", env.get("QUARKUS_DATASOURCE_USERNAME").getValue());
        assertEquals(env(single(postgres.getSpec().getTemplate())).get("POSTGRES_USER").getValue(),
                env.get("QUARKUS_DATASOURCE_USERNAME").getValue());
        assertSecretRef(out, env.get("QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals(env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef(),
                env(single(postgres.getSpec().getTemplate())).get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef(),
                "origin and PostgreSQL must read the same password");
        assertSecretRef(out, env.get("EDGESYNC_PURGE_TOKEN"));
        assertEquals(values.regions().stream().map(Values.Region::name).collect(Collectors.joining(",")),
                env.get("EDGESYNC_REGIONS").getValue());
        assertEquals(R + "-kafka-bootstrap:9092", env.get("KAFKA_BOOTSTRAP_SERVERS").getValue());
        assertEquals("8080", env.get("QUARKUS_HTTP_PORT").getValue());
        assertEquals("0.0.0.0", env.get("QUARKUS_HTTP_HOST").getValue());
        assertEquals("postgres:16-alpine", single(postgres.getSpec().getTemplate()).getImage());
        assertEquals(70L, postgres.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyPodIsHardenedAndProbed(Values values) {
        Rendered out = rendered(values);
        Map<String, PodTemplateSpec> pods = out.podTemplates();
        assertEquals(2 * values.regions().size() + 2, pods.size());
        pods.forEach((owner, pod) -> {
            PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
            assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), owner);
            assertNotNull(podSecurity.getRunAsUser(), owner);
            assertNotEquals(0L, podSecurity.getRunAsUser(), owner);
            assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType(), owner);
            assertEquals(Boolean.FALSE, pod.getSpec().getAutomountServiceAccountToken(), owner);
            for (Container container : pod.getSpec().getContainers()) {
                String where = owner + "/" + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), where);
                assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), where);
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), where);
                assertNotNull(container.getResources().getRequests().get("cpu"), where);
                assertNotNull(container.getResources().getRequests().get("memory"), where);
                assertNotNull(container.getResources().getLimits().get("memory"), where);
                assertNotNull(container.getStartupProbe(), where);
                assertNotNull(container.getLivenessProbe(), where);
                assertNotNull(container.getReadinessProbe(), where);
                VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                        .findFirst().orElseThrow(() -> new AssertionError(where + " has no writable /tmp"));
                assertNotNull(volume(pod, tmp.getName()).getEmptyDir(), where);
                if (container.getName().equals("edge") || container.getName().equals("origin")) {
                    assertHttpProbe(container.getStartupProbe(), "/q/health/started", where);
                    assertHttpProbe(container.getLivenessProbe(), "/q/health/live", where);
                    assertHttpProbe(container.getReadinessProbe(), "/q/health/ready", where);
                    assertEquals(185L, podSecurity.getRunAsUser(), where);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void networkPoliciesSelectWhatTheyClaim(Values values) {
        Rendered out = rendered(values);
        for (Values.Region region : values.regions()) {
            NetworkPolicy policy = out.get(NetworkPolicy.class, R + "-redis-" + region.name());
            assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
            assertEquals(Set.of(R + "-redis-" + region.name()), selectedPods(out, policy.getSpec().getPodSelector().getMatchLabels()));
            assertEquals(1, policy.getSpec().getIngress().size());
            var rule = policy.getSpec().getIngress().get(0);
            assertEquals(Set.of(R + "-edge-" + region.name()), peers(out, rule.getFrom()),
                    "Redis of " + region.name() + " must accept that region's edges only");
            String port = rule.getPorts().get(0).getPort().getStrVal();
            assertEquals(6379, port(single(out.get(StatefulSet.class, R + "-redis-" + region.name()).getSpec().getTemplate()), port)
                    .getContainerPort());
        }
        NetworkPolicy database = out.get(NetworkPolicy.class, R + "-postgres");
        assertEquals(Set.of(R + "-postgres"), selectedPods(out, database.getSpec().getPodSelector().getMatchLabels()));
        assertEquals(Set.of(R + "-origin"), peers(out, database.getSpec().getIngress().get(0).getFrom()));
        assertEquals(1, database.getSpec().getIngress().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void kafkaIsKraftWithANodePoolAndTheFourTopics(Values values) {
        Rendered out = rendered(values);
        Kafka kafka = out.get(Kafka.class, R);
        for (var doc : out.docs()) {
            if (doc.object().getClass().getName().startsWith("io.strimzi.")) {
                assertEquals("kafka.strimzi.io/v1", doc.tree().path("apiVersion").asText(), doc.kind());
            }
        }
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"));
        assertNull(kafka.getSpec().getZookeeper());
        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().get(0);
        assertEquals(9092, plain.getPort());
        assertFalse(plain.isTls());
        assertEquals(false, kafka.getSpec().getKafka().getConfig().get("auto.create.topics.enable"));
        KafkaNodePool pool = out.all(KafkaNodePool.class).get(0);
        assertEquals(R, pool.getMetadata().getLabels().get("strimzi.io/cluster"));
        assertEquals(Set.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER), Set.copyOf(pool.getSpec().getRoles()));
        if (kafka.getSpec().getKafka().getMetricsConfig() != null) {
            var ref = ((io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics)
                    kafka.getSpec().getKafka().getMetricsConfig()).getValueFrom().getConfigMapKeyRef();
            out.configMapData(ref.getName(), ref.getKey());
        }

        Map<String, KafkaTopic> topics = out.all(KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t));
        assertEquals(Set.of(Topics.INVALIDATIONS, Topics.PRIORITY_INVALIDATIONS, Topics.ACKS, Topics.DEAD_LETTERS),
                topics.keySet());
        for (KafkaTopic topic : topics.values()) {
            assertEquals(R, topic.getMetadata().getLabels().get("strimzi.io/cluster"));
            assertTrue(topic.getSpec().getPartitions() >= 1);
            assertTrue(topic.getSpec().getReplicas() <= pool.getSpec().getReplicas());
            assertEquals("delete", topic.getSpec().getConfig().get("cleanup.policy"));
            assertTrue(((Number) topic.getSpec().getConfig().get("retention.ms")).longValue() >= 3_600_000L,
                    "retention.ms must be an integer number of ms, got " + topic.getSpec().getConfig().get("retention.ms"));
        }
        assertEquals(604_800_000L, ((Number) topics.get(Topics.INVALIDATIONS).getSpec().getConfig().get("retention.ms")).longValue());
        assertTrue(out.all(KafkaUser.class).isEmpty(), "KafkaUsers are opt-in");
    }

    @Test
    void kafkaUsersAddScramAndAclsAndTheClientsUseThem() {
        Rendered out = Rendered.of(Chart.render(List.of(), Chart.sets("kafka.users.enabled", true)));
        Kafka kafka = out.get(Kafka.class, R);
        assertEquals("scram-sha-512", kafka.getSpec().getKafka().getListeners().get(0).getAuth().getType());
        assertEquals("simple", kafka.getSpec().getKafka().getAuthorization().getType());
        Map<String, KafkaUser> users = out.all(KafkaUser.class).stream()
                .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
        assertEquals(Set.of(R + "-origin", R + "-edge"), users.keySet());
        for (KafkaUser user : users.values()) {
            assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication);
            assertEquals(R, user.getMetadata().getLabels().get("strimzi.io/cluster"));
        }
        var edgeAcls = ((io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple) users.get(R + "-edge").getSpec()
                .getAuthorization()).getAcls();
        assertTrue(edgeAcls.stream().anyMatch(a -> a.getResource() instanceof io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource g
                && g.getName().equals("edgesync-edge-") && g.getPatternType().toValue().equals("prefix")));
        for (Deployment deployment : out.all(Deployment.class)) {
            Map<String, EnvVar> env = env(single(deployment.getSpec().getTemplate()));
            assertEquals("SASL_PLAINTEXT", env.get("KAFKA_SECURITY_PROTOCOL").getValue());
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM").getValue());
            var ref = env.get("KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef();
            assertTrue(users.containsKey(ref.getName()), "the JAAS Secret is the one Strimzi writes for a KafkaUser");
            assertEquals("sasl.jaas.config", ref.getKey());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void secretsNeverAppearInConfigMapsOrPlainEnv(Values values) {
        Rendered out = rendered(values);
        List<String> secretValues = new ArrayList<>();
        for (Secret secret : out.all(Secret.class)) {
            secret.getData().values().forEach(v -> secretValues.add(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        assertEquals(4, secretValues.size(), "purge, write and admin tokens, database password");
        for (String value : secretValues) {
            assertTrue(value.length() >= 32, "generated secrets are long random strings");
        }
        for (ConfigMap configMap : out.all(ConfigMap.class)) {
            for (String data : configMap.getData().values()) {
                for (String secret : secretValues) {
                    assertFalse(data.contains(secret), "ConfigMap " + configMap.getMetadata().getName() + " leaks a secret");
                }
            }
        }
        for (var pod : out.podTemplates().entrySet()) {
            for (Container container : pod.getValue().getSpec().getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    if (env.getName().matches(".*(TOKEN|PASSWORD|JAAS).*")) {
                        assertNull(env.getValue(), pod.getKey() + " sets " + env.getName() + " in plain text");
                        assertNotNull(env.getValueFrom().getSecretKeyRef(), pod.getKey() + " " + env.getName());
                    }
                    if (env.getValue() != null) {
                        secretValues.forEach(s -> assertFalse(env.getValue().contains(s)));
                    }
                }
            }
        }
    }

    @Test
    void upgradeKeepsTheSecretsThatAreAlreadyInTheCluster() {
        FakeApiServer api = FakeApiServer.get();
        try {
            api.putSecret(Chart.NAMESPACE, R + "-tokens", Map.of("purge-token", "token-from-the-first-install"));
            api.putSecret(Chart.NAMESPACE, R + "-postgres", Map.of("password", "password-from-the-first-install"));
            Rendered out = Rendered.of(Chart.render());
            assertEquals("token-from-the-first-install", decoded(out.get(Secret.class, R + "-tokens"), "purge-token"));
            assertEquals("password-from-the-first-install", decoded(out.get(Secret.class, R + "-postgres"), "password"));
        } finally {
            api.clearSecrets();
        }
        Rendered first = Rendered.of(Chart.render());
        Rendered second = Rendered.of(Chart.render());
        assertNotEquals(decoded(first.get(Secret.class, R + "-tokens"), "purge-token"),
                decoded(second.get(Secret.class, R + "-tokens"), "purge-token"),
                "without a live Secret a fresh random token is generated");
        assertTrue(api.requests().stream().anyMatch(r -> r.equals("GET /api/v1/namespaces/edgesync/secrets/" + R + "-tokens")));
    }

    @Test
    void byDefaultTheOriginGetsItsOwnWriteTokenAndTheEdgesTheirOwnAdminToken() {
        Rendered out = rendered(Values.defaults());
        Secret tokens = out.get(Secret.class, R + "-tokens");
        assertEquals(3, java.util.Set.of(decoded(tokens, "purge-token"), decoded(tokens, "write-token"),
                decoded(tokens, "admin-token")).size(), "three different tokens");
        var originEnv = env(single(out.get(Deployment.class, R + "-origin").getSpec().getTemplate()));
        assertEquals("write-token", originEnv.get("EDGESYNC_WRITE_TOKEN").getValueFrom().getSecretKeyRef().getKey());
        assertEquals("purge-token", originEnv.get("EDGESYNC_PURGE_TOKEN").getValueFrom().getSecretKeyRef().getKey());
        for (Deployment edge : out.all(Deployment.class)) {
            if (edge.getMetadata().getName().startsWith(R + "-edge-")) {
                assertEquals("admin-token", env(single(edge.getSpec().getTemplate())).get("EDGESYNC_ADMIN_TOKEN")
                        .getValueFrom().getSecretKeyRef().getKey());
            }
        }
    }

    @Test
    void separateAdminTokenIsItsOwnSecretKey() {
        Rendered out = Rendered.of(Chart.render(List.of(), Chart.sets("secrets.separateAdminToken", true)));
        Secret tokens = out.get(Secret.class, R + "-tokens");
        assertNotEquals(decoded(tokens, "purge-token"), decoded(tokens, "admin-token"));
        for (Deployment edge : out.all(Deployment.class)) {
            if (edge.getMetadata().getName().startsWith(R + "-edge-")) {
                assertEquals("admin-token", env(single(edge.getSpec().getTemplate())).get("EDGESYNC_ADMIN_TOKEN")
                        .getValueFrom().getSecretKeyRef().getKey());
            }
        }
    }

    @Test
    void externalDatabaseReplacesThePostgresStatefulSet() {
        Rendered out = Rendered.of(Chart.render(List.of(), Chart.sets("postgresql.enabled", false,
                "externalDatabase.jdbcUrl", "jdbc:postgresql://db.example:5432/edgesync",
                "externalDatabase.existingSecret", "edgesync-db")));
        assertTrue(out.find(StatefulSet.class, R + "-postgres").isEmpty());
        assertTrue(out.find(Secret.class, R + "-postgres").isEmpty());
        assertTrue(out.find(NetworkPolicy.class, R + "-postgres").isEmpty());
        Map<String, EnvVar> env = env(single(out.get(Deployment.class, R + "-origin").getSpec().getTemplate()));
        assertEquals("jdbc:postgresql://db.example:5432/edgesync", env.get("QUARKUS_DATASOURCE_JDBC_URL").getValue());
        assertEquals("edgesync-db", env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName());
    }

    // ---- helpers

    static Container single(PodTemplateSpec pod) {
        assertEquals(1, pod.getSpec().getContainers().size());
        return pod.getSpec().getContainers().get(0);
    }

    static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    static String decoded(Secret secret, String key) {
        String value = secret.getData().get(key);
        if (value == null) {
            fail("Secret " + secret.getMetadata().getName() + " has no key " + key);
        }
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private static Volume volume(PodTemplateSpec pod, String name) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static ContainerPort port(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + name));
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /** Names of the workloads whose pods a label selector selects. */
    static Set<String> selectedPods(Rendered out, Map<String, String> selector) {
        return out.podTemplates().entrySet().stream()
                .filter(e -> matches(selector, e.getValue().getMetadata().getLabels()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static Set<String> peers(Rendered out, List<NetworkPolicyPeer> from) {
        assertEquals(1, from.size());
        assertNull(from.get(0).getNamespaceSelector());
        assertNull(from.get(0).getIpBlock());
        return selectedPods(out, from.get(0).getPodSelector().getMatchLabels());
    }

    private static void assertServiceReaches(Service service, int port, PodTemplateSpec pod) {
        assertTrue(matches(service.getSpec().getSelector(), pod.getMetadata().getLabels()),
                service.getMetadata().getName() + " does not select its pods");
        ServicePort servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no port " + port));
        Container container = single(pod);
        ContainerPort target = servicePort.getTargetPort().getStrVal() != null
                ? port(container, servicePort.getTargetPort().getStrVal())
                : container.getPorts().stream().filter(p -> p.getContainerPort().equals(servicePort.getTargetPort().getIntVal()))
                        .findFirst().orElseThrow();
        assertNotNull(target);
    }

    private static void assertSecretRef(Rendered out, EnvVar env) {
        var ref = env.getValueFrom().getSecretKeyRef();
        assertNotNull(ref, env.getName() + " must come from a Secret");
        Secret secret = out.get(Secret.class, ref.getName());
        assertTrue(secret.getData().containsKey(ref.getKey()), env.getName() + ": Secret has no key " + ref.getKey());
    }

    private static void assertHttpProbe(Probe probe, String path, String where) {
        assertNotNull(probe.getHttpGet(), where);
        assertEquals(path, probe.getHttpGet().getPath(), where);
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), where);
    }
}

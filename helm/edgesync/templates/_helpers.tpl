{{/* Name prefix of every object: the release name unless overridden. */}}
{{- define "edgesync.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; objects with a selector add edgesync.selectorLabels to edgesync.metaLabels instead. */}}
{{- define "edgesync.labels" -}}
app.kubernetes.io/name: edgesync
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "edgesync.metaLabels" . }}
{{- end -}}

{{- define "edgesync.metaLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: edgesync
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels; call with (dict "root" $ "component" "edge" "region" "us-east"), region optional. */}}
{{- define "edgesync.selectorLabels" -}}
app.kubernetes.io/name: edgesync
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- if .region }}
edgesync.dev/region: {{ .region }}
{{- end }}
{{- end -}}

{{- define "edgesync.kafkaCluster" -}}
{{- default (include "edgesync.fullname" .) .Values.kafka.clusterName -}}
{{- end -}}

{{- define "edgesync.kafkaBootstrap" -}}
{{- printf "%s-kafka-bootstrap:9092" (include "edgesync.kafkaCluster" .) -}}
{{- end -}}

{{- define "edgesync.tokensSecret" -}}
{{- default (printf "%s-tokens" (include "edgesync.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "edgesync.dbSecret" -}}
{{- if .Values.postgresql.enabled -}}
{{- default (printf "%s-postgres" (include "edgesync.fullname" .)) .Values.postgresql.auth.existingSecret -}}
{{- else -}}
{{- required "externalDatabase.existingSecret is required when postgresql.enabled is false" .Values.externalDatabase.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "edgesync.dbPasswordKey" -}}
{{- if .Values.postgresql.enabled }}password{{ else }}{{ .Values.externalDatabase.passwordKey }}{{ end -}}
{{- end -}}

{{- define "edgesync.jdbcUrl" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "jdbc:postgresql://%s-postgres:5432/%s" (include "edgesync.fullname" .) .Values.postgresql.auth.database -}}
{{- else -}}
{{- required "externalDatabase.jdbcUrl is required when postgresql.enabled is false" .Values.externalDatabase.jdbcUrl -}}
{{- end -}}
{{- end -}}

{{- define "edgesync.regionNames" -}}
{{- $names := list -}}
{{- range .Values.regions }}{{ $names = append $names .name }}{{ end -}}
{{- join "," $names -}}
{{- end -}}

{{/*
The data of one region's ConfigMap; call with (dict "root" $ "region" $region).
The edge Deployment's checksum annotation hashes exactly this text, so a change
to one region rolls that region's edges only.
*/}}
{{- define "edgesync.regionConfigData" -}}
EDGESYNC_REGION_STRATEGY: {{ .region.strategy | quote }}
EDGESYNC_REGION_DELAY_MS: {{ .region.delayMs | int64 | toString | quote }}
EDGESYNC_CACHE_MAX_TTL: {{ .region.maxTtl | quote }}
region.properties: |
  edgesync.region.strategy={{ .region.strategy }}
  edgesync.region.delay-ms={{ .region.delayMs | int64 }}
  edgesync.cache.max-ttl={{ .region.maxTtl }}
edge.properties: |
  {{- include "edgesync.edgeProperties" . | nindent 2 }}
{{- end -}}

{{/* A region's edge settings (edge.settings with the region's settings laid over them) as Quarkus properties;
     call with (dict "root" $ "region" <region>). */}}
{{- define "edgesync.edgeProperties" -}}
{{- $s := mergeOverwrite (deepCopy .root.Values.edge.settings) (deepCopy (.region.settings | default dict)) -}}
# Above the image's application.properties (250), below environment variables (300).
config_ordinal=275
{{- with $s.shieldUrl }}
edgesync.shield.url={{ . }}
{{- end }}
edgesync.origin.timeout={{ $s.origin.timeout }}
edgesync.origin.connect-timeout={{ $s.origin.connectTimeout }}
edgesync.origin.fill-attempts={{ $s.origin.fillAttempts | int64 }}
edgesync.cache.retain-after-stale={{ $s.cache.retainAfterStale }}
edgesync.cache.stale-if-unreachable={{ $s.cache.staleIfUnreachable }}
edgesync.cache.revalidation-lock={{ $s.cache.revalidationLock }}
edgesync.cache.fill-lease={{ $s.cache.fillLease }}
edgesync.cache.fill-poll={{ $s.cache.fillPoll }}
edgesync.cache.fill-max-wait={{ $s.cache.fillMaxWait }}
edgesync.cache.expose-surrogate-key={{ $s.cache.exposeSurrogateKey }}
{{- range $prefix, $rule := $s.cache.queryRules }}
edgesync.cache.query-rules."{{ $prefix }}"={{ $rule }}
{{- end }}
edgesync.cache.l1.enabled={{ $s.l1.enabled }}
edgesync.cache.l1.max-bytes={{ $s.l1.maxBytes | int64 }}
edgesync.cache.l1.max-age={{ $s.l1.maxAge }}
edgesync.cache.l1.coherence-window={{ $s.l1.coherenceWindow }}
edgesync.cache.l1.heartbeat-interval={{ $s.l1.heartbeatInterval }}
edgesync.store.timeout={{ $s.storeTimeout }}
edgesync.lease.duration={{ $s.leaseDuration }}
edgesync.limits.max-target-bytes={{ $s.limits.maxTargetBytes | int64 }}
quarkus.http.limits.max-body-size={{ $s.limits.maxBodySize }}
{{- end -}}

{{/* Kafka SASL settings of a client when KafkaUsers are on; call with (dict "root" $ "user" "<kafka user name>"). */}}
{{- define "edgesync.kafkaClientEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "edgesync.kafkaBootstrap" .root | quote }}
{{- if .root.Values.kafka.users.enabled }}
- name: KAFKA_SECURITY_PROTOCOL
  value: SASL_PLAINTEXT
- name: KAFKA_SASL_MECHANISM
  value: SCRAM-SHA-512
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ .user }}
      key: sasl.jaas.config
{{- end }}
{{- end -}}

{{/* Probes of a Quarkus container on its named port `http`. */}}
{{- define "edgesync.quarkusProbes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: 5
  failureThreshold: 3
{{- end -}}

{{/* Pod security context; call with (dict "root" $ "uid" 185 "gid" 185). */}}
{{- define "edgesync.podSecurityContext" -}}
{{- $ctx := deepCopy .root.Values.podSecurityContext -}}
{{- $_ := set $ctx "runAsUser" .uid -}}
{{- $_ := set $ctx "runAsGroup" .gid -}}
{{- $_ := set $ctx "fsGroup" .gid -}}
{{- toYaml $ctx -}}
{{- end -}}

{{- define "edgesync.validateRegions" -}}
{{- $seen := dict -}}
{{- range .Values.regions -}}
{{- if hasKey $seen .name -}}
{{- fail (printf "regions: duplicate region name %q" .name) -}}
{{- end -}}
{{- $_ := set $seen .name true -}}
{{- end -}}
{{- if gt (int .Values.kafka.topics.replicas) (int .Values.kafka.replicas) -}}
{{- fail "kafka.topics.replicas must not exceed kafka.replicas" -}}
{{- end -}}
{{- end -}}

{{/* True when ServiceMonitors and PrometheusRules can be created: switched on and the Prometheus Operator CRDs are there. */}}
{{- define "edgesync.monitoringEnabled" -}}
{{- if and .Values.monitoring.enabled (or .Values.monitoring.skipCrdCheck (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1")) -}}
true
{{- end -}}
{{- end -}}

{{/* Name of the pods' ServiceAccount. */}}
{{- define "edgesync.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "edgesync.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Pod spec lines every pod of the chart shares: ServiceAccount (no token mounted) and image pull secrets. */}}
{{- define "edgesync.podIdentity" -}}
serviceAccountName: {{ include "edgesync.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* nodeSelector, affinity and tolerations of a component; call with its values (.Values.edge or .Values.origin). */}}
{{- define "edgesync.podScheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* "true" when some region has an ingressHost. */}}
{{- define "edgesync.anyIngressHost" -}}
{{- range .Values.regions }}{{ if .ingressHost }}true{{ end }}{{ end -}}
{{- end -}}

{{/* The OTLP trace export of the origin and the edges: to the chart's Jaeger when jaeger.enabled, else nothing. */}}
{{- define "edgesync.otelEnv" -}}
{{- if .Values.jaeger.enabled }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  value: "http://{{ include "edgesync.fullname" . }}-jaeger:4317"
{{- end }}
{{- end -}}

{{/*
Helpers shared by every template. Per-service objects are produced by looping over
"nhsp.workloads", so adding a service is a values change, not a new template.
*/}}

{{- define "nhsp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "nhsp.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "nhsp.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object of the release carries. */}}
{{- define "nhsp.labels" -}}
helm.sh/chart: {{ include "nhsp.chart" . }}
{{ include "nhsp.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: nhs-productivity
{{- end }}

{{/* Selects every pod of the release. */}}
{{- define "nhsp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nhsp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selects the pods of one workload. Args: dict "root" $ "service" "ingestion" "role" "api". */}}
{{- define "nhsp.workloadSelectorLabels" -}}
{{ include "nhsp.selectorLabels" .root }}
app.kubernetes.io/component: {{ .role }}
nhs-productivity/service: {{ .service }}
{{- end }}

{{- define "nhsp.workloadLabels" -}}
{{ include "nhsp.labels" .root }}
app.kubernetes.io/component: {{ .role }}
nhs-productivity/service: {{ .service }}
{{- end }}

{{/* Name of a workload's Deployment, Service, HPA, PDB. Args as for workloadSelectorLabels. */}}
{{- define "nhsp.workloadName" -}}
{{- printf "%s-%s-%s" (include "nhsp.fullname" .root) .service .role | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "nhsp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "nhsp.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "nhsp.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Recursive merge where the override wins, including false and 0 (Sprig's merge functions treat
those as "empty" and would silently keep the default). Args: dict "base" map "override" map.
*/}}
{{- define "nhsp.deepMerge" -}}
{{- $out := deepCopy .base }}
{{- range $key, $value := .override }}
{{- $current := index $out $key }}
{{- if and (kindIs "map" $value) (kindIs "map" $current) }}
{{- $_ := set $out $key (include "nhsp.deepMerge" (dict "base" $current "override" $value) | fromYaml) }}
{{- else }}
{{- $_ := set $out $key $value }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
Every enabled workload as a YAML list of {service, role, name, settings}; settings are the
role defaults (.Values.api / .Values.worker) merged with services.<name>.<role>.
*/}}
{{- define "nhsp.workloads" -}}
{{- $root := . }}
{{- $workloads := list }}
{{- range $service := keys .Values.services | sortAlpha }}
{{- $overrides := index $root.Values.services $service }}
{{- range $role := list "api" "worker" }}
{{- $settings := include "nhsp.deepMerge" (dict "base" (index $root.Values $role) "override" (index $overrides $role | default dict)) | fromYaml }}
{{- if $settings.enabled }}
{{- $name := include "nhsp.workloadName" (dict "root" $root "service" $service "role" $role) }}
{{- $workloads = append $workloads (dict "service" $service "role" $role "name" $name "settings" $settings) }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $workloads }}
{{- end }}

{{/* Non-secret configuration as KEY: "value" lines (the ConfigMap, and the migration Job). */}}
{{- define "nhsp.configData" -}}
NODE_ENV: "production"
QUEUE_BACKEND: {{ .Values.config.queueBackend | quote }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
DB_POOL_SIZE: {{ .Values.config.dbPoolSize | quote }}
SWC_NODE_CACHE_DIR: "/tmp/swc-node"
{{- range $key, $value := .Values.config.extraEnv }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/* Secret-backed environment: references only, never values. Args: dict "root" $ "adminKey" bool. */}}
{{- define "nhsp.secretEnv" -}}
{{- $secrets := .root.Values.secrets -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ $secrets.databaseUrl.name | quote }}, key: {{ $secrets.databaseUrl.key | quote }} }
{{- if $secrets.redisUrl.name }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef: { name: {{ $secrets.redisUrl.name | quote }}, key: {{ $secrets.redisUrl.key | quote }} }
{{- else if eq .root.Values.config.queueBackend "redis" }}
{{- fail "secrets.redisUrl.name is required when config.queueBackend is redis" }}
{{- end }}
{{- if .adminKey }}
- name: ADMIN_API_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secrets.adminApiKey.name | quote }}, key: {{ $secrets.adminApiKey.key | quote }} }
{{- end }}
{{- end }}

{{- define "nhsp.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "nhsp.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The only writable path: SWC's compile cache, temp files, uploads in flight. */}}
{{- define "nhsp.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ . }}
{{- end }}

{{- define "nhsp.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* httpGet probe. Args: dict "path" "/health/live" "port" "http" "timing" map. */}}
{{- define "nhsp.probe" -}}
httpGet:
  path: {{ .path }}
  port: {{ .port }}
periodSeconds: {{ .timing.periodSeconds }}
timeoutSeconds: {{ .timing.timeoutSeconds }}
failureThreshold: {{ .timing.failureThreshold }}
{{- end }}

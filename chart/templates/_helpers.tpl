{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "wirehook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release name already contains the chart name. */}}
{{- define "wirehook.fullname" -}}
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

{{- define "wirehook.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "wirehook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "wirehook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wirehook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "wirehook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wirehook.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "wirehook.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret holding WIREHOOK_DASHBOARD_TOKEN and WIREHOOK_HUB_TOKEN. */}}
{{- define "wirehook.authSecretName" -}}
{{- default (printf "%s-auth" (include "wirehook.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{/* Hub address workers connect to (the hub Service inside the cluster). */}}
{{- define "wirehook.hubAddress" -}}
{{- printf "ws://%s-hub.%s.svc:%d" (include "wirehook.fullname" .) .Release.Namespace (int .Values.hub.service.port) }}
{{- end }}

{{/* Prometheus scrape annotations for a pod serving /metrics on `port`. */}}
{{- define "wirehook.scrapeAnnotations" -}}
{{- if .root.Values.metrics.scrapeAnnotations -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end }}

{{/*
wirehook.yaml of a role: the user's `config` over the chart's defaults. The hub also loads
the scripts ConfigMap (scripting.sources); workers run the scripts the hub pushes.
*/}}
{{- define "wirehook.config" -}}
{{- $base := dict }}
{{- if eq .role "hub" }}
{{- $base = dict "scripting" (dict "sources" (list "/etc/wirehook/scripts")) }}
{{- end }}
{{- toYaml (mergeOverwrite $base (deepCopy .root.Values.config)) }}
{{- end }}

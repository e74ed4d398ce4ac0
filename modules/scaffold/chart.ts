import { stringify } from 'yaml';
import { memoryCapped } from '../addons/pod-resources';

/**
 * The application's Helm chart (`<app>/chart/` in the helm-charts repository), written in the subset of Helm's
 * template language `helm-subset.ts` renders, so the tests render exactly these files. Every object is namespaced:
 * the platform's AppProject allows no cluster-scoped resources.
 */

/** Pod labels; the Deployment selector, the Service, the PodDisruptionBudget and the HPA target all use them. */
const SELECTOR_LABELS = `app.kubernetes.io/name: {{ .Values.name }}
app.kubernetes.io/instance: {{ .Release.Name }}`;

const labels = (spaces: number): string =>
  SELECTOR_LABELS.split('\n')
    .map(l => ' '.repeat(spaces) + l)
    .join('\n');

const DEPLOYMENT = `# No spec.replicas: the HorizontalPodAutoscaler owns the count (a fixed one fights it on each sync).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  revisionHistoryLimit: 3
  selector:
    matchLabels:
${labels(6)}
  template:
    metadata:
      labels:
${labels(8)}
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .Values.name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: {{ .Values.containerPort }}
          env:
            - name: PORT
              value: {{ quote .Values.containerPort }}
{{- if .Values.externalSecret.enabled }}
          envFrom:
            - secretRef:
                name: {{ .Release.Name }}-secrets
{{- end }}
          readinessProbe:
            {{- toYaml .Values.probes.readiness | nindent 12 }}
          livenessProbe:
            {{- toYaml .Values.probes.liveness | nindent 12 }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  type: ClusterIP
  selector:
${labels(4)}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .Release.Name }}
  minReplicas: {{ .Values.replicas.min }}
  maxReplicas: {{ .Values.replicas.max }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
`;

const PDB = `# maxUnavailable 1 (not minAvailable): a single replica can still be evicted, so node drains and Karpenter
# consolidation never wait on it forever.
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
${labels(6)}
`;

const INGRESS = `{{- if .Values.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  ingressClassName: {{ .Values.ingress.className }}
  rules:
{{- range $host := .Values.hostnames }}
    - host: {{ $host }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ $.Release.Name }}
                port:
                  name: http
{{- end }}
{{- end }}
`;

const HTTP_ROUTE = `{{- if .Values.httpRoute.enabled }}
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  parentRefs:
    {{- toYaml .Values.httpRoute.parentRefs | nindent 4 }}
  hostnames:
    {{- toYaml .Values.hostnames | nindent 4 }}
  rules:
    - backendRefs:
        - name: {{ .Release.Name }}
          port: {{ .Values.service.port }}
{{- end }}
`;

const EXTERNAL_SECRET = `{{- if .Values.externalSecret.enabled }}
# external-secrets.io/v1 (v1beta1 is no longer served); kind ClusterSecretStore: without it the reference means a
# namespaced SecretStore, which this namespace does not have.
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  refreshInterval: {{ .Values.externalSecret.refreshInterval }}
  secretStoreRef:
    kind: ClusterSecretStore
    name: {{ .Values.externalSecret.storeName }}
  target:
    name: {{ .Release.Name }}-secrets
    creationPolicy: Owner
  dataFrom:
{{- range $key := .Values.externalSecret.keys }}
    - extract:
        key: {{ $key }}
{{- end }}
{{- end }}
`;

/** Template files by name, under `templates/`. */
export const CHART_TEMPLATES: Readonly<Record<string, string>> = {
  'deployment.yaml': DEPLOYMENT,
  'service.yaml': SERVICE,
  'hpa.yaml': HPA,
  'pdb.yaml': PDB,
  'ingress.yaml': INGRESS,
  'httproute.yaml': HTTP_ROUTE,
  'externalsecret.yaml': EXTERNAL_SECRET,
};

export const CHART_VERSION = '0.1.0';

/** Defaults of the chart: every value a template reads exists here, so a typo fails the render. */
export function chartDefaults(app: string, imageRepository: string) {
  const probe = (path: string, periodSeconds: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    timeoutSeconds: 2,
  });
  return {
    name: app,
    image: { repository: imageRepository, tag: '' },
    containerPort: 8080,
    service: { port: 80 },
    replicas: { min: 1, max: 2 },
    autoscaling: { targetCPUUtilizationPercentage: 70 },
    // the HPA computes utilization against the CPU request; no CPU limit (throttling), a memory limit for the node
    resources: memoryCapped('100m', '128Mi', '256Mi'),
    probes: {
      readiness: { ...probe('/healthz', 5), failureThreshold: 3 },
      liveness: { ...probe('/healthz', 10), initialDelaySeconds: 5, failureThreshold: 3 },
    },
    hostnames: [] as string[],
    ingress: { enabled: false, className: '' },
    httpRoute: { enabled: false, parentRefs: [] as unknown[] },
    externalSecret: { enabled: false, storeName: '', refreshInterval: '1h', keys: [] as string[] },
  };
}

const VALUES_HEADER =
  '# Defaults; each overlay (../overlays/<env>/values.yaml) sets the image tag, replicas, hostnames, secrets.';

/** The chart's files, relative to `<app>/chart/`. */
export function chartFiles(app: string, imageRepository: string): Record<string, string> {
  const files: Record<string, string> = {
    'Chart.yaml': stringify({
      apiVersion: 'v2',
      name: app,
      description: `${app}, deployed by Argo CD`,
      type: 'application',
      version: CHART_VERSION,
    }),
    'values.yaml': `${VALUES_HEADER}\n${stringify(chartDefaults(app, imageRepository))}`,
  };
  for (const [name, text] of Object.entries(CHART_TEMPLATES)) files[`templates/${name}`] = text;
  return files;
}

namespace Cairn.Eval.Bench;

internal sealed record Domain(string Name, string[] Technologies);

// The words AgentCorpus draws from: developer vocabulary, most frequent first where order matters.
internal static class Vocabulary
{
    public static readonly Domain[] Domains =
    [
        new("web", ["nextjs", "react", "vite", "webpack", "express", "nginx", "cors", "oauth", "cookies", "graphql", "apollo", "axios", "fetch", "websocket", "sse"]),
        new("devops", ["docker", "kubernetes", "helm", "terraform", "ansible", "github-actions", "jenkins", "argocd", "prometheus", "grafana", "systemd", "bash", "make", "buildkit", "podman"]),
        new("data", ["postgres", "mysql", "sqlite", "redis", "kafka", "spark", "airflow", "dbt", "pandas", "parquet", "duckdb", "clickhouse", "elasticsearch", "mongodb", "cassandra"]),
        new("ml", ["pytorch", "tensorflow", "cuda", "transformers", "onnx", "numpy", "scikit-learn", "jupyter", "huggingface", "tokenizer", "embeddings", "vllm", "triton", "lora", "faiss"]),
        new("mobile", ["swift", "kotlin", "xcode", "gradle", "android", "ios", "flutter", "cocoapods", "fastlane", "testflight", "jetpack", "swiftui", "proguard", "firebase", "expo"]),
        new("security", ["tls", "certificates", "jwt", "saml", "vault", "keycloak", "openssl", "csrf", "xss", "sast", "trivy", "sops", "mtls", "rbac", "secrets"]),
        new("cloud", ["azure", "aws", "gcp", "s3", "lambda", "cosmosdb", "blob-storage", "functions", "app-service", "iam", "vpc", "cloudfront", "bicep", "eventgrid", "service-bus"]),
        new("backend", ["dotnet", "aspnetcore", "efcore", "java", "spring", "golang", "rust", "tokio", "django", "fastapi", "flask", "rails", "nodejs", "grpc", "protobuf"]),
        new("testing", ["pytest", "jest", "xunit", "playwright", "cypress", "selenium", "mocha", "vitest", "testcontainers", "mockito", "junit", "coverage", "snapshot", "fixtures", "benchmarkdotnet"]),
        new("frontend", ["css", "tailwind", "typescript", "eslint", "prettier", "storybook", "svelte", "vue", "angular", "redux", "zustand", "hydration", "ssr", "a11y", "i18n"]),
        new("cli", ["git", "npm", "pnpm", "yarn", "pip", "poetry", "cargo", "maven", "brew", "apt", "curl", "jq", "ssh", "rsync", "tmux"]),
        new("databases", ["migrations", "indexes", "vacuum", "replication", "pgbouncer", "deadlock", "transactions", "orm", "prisma", "sqlalchemy", "flyway", "liquibase", "pgvector", "timescaledb", "partitioning"]),
    ];

    public static readonly string[] AllTechnologies = [.. Domains.SelectMany(d => d.Technologies)];

    public static readonly string[] Common =
    [
        "error", "build", "fix", "config", "file", "version", "test", "request", "server", "run", "update", "install",
        "change", "issue", "work", "need", "use", "call", "return", "value", "set", "check", "log", "output", "path",
        "default", "option", "missing", "failed", "local", "remote", "cache", "container", "image", "service", "client",
        "response", "query", "connection", "timeout", "memory", "process", "thread", "environment", "variable", "setting",
        "package", "dependency", "module", "import", "export", "function", "class", "method", "type", "string", "number",
        "array", "object", "field", "key", "token", "user", "session", "header", "body", "status", "code", "message",
        "line", "stack", "trace", "debug", "release", "production", "staging", "deploy", "pipeline", "job", "step",
        "script", "command", "flag", "argument", "parameter", "schema", "table", "column", "row", "index", "database",
        "network", "port", "host", "proxy", "load", "balancer", "route", "endpoint", "api", "handler", "middleware",
        "event", "queue", "worker", "retry", "limit", "rate", "batch", "stream", "buffer", "size", "disk", "volume",
        "mount", "permission", "access", "role", "policy", "account", "secret", "certificate", "domain", "dns", "ip",
        "latency", "slow", "fast", "crash", "hang", "leak", "spike", "cpu", "gpu", "node", "cluster", "pod", "replica",
        "upgrade", "downgrade", "rollback", "patch", "lock", "tarball", "branch", "commit", "merge", "conflict", "tag",
        "workflow", "action", "runner", "artifact", "registry", "push", "pull", "fetch", "clone", "init", "start",
        "stop", "restart", "reload", "watch", "compile", "link", "bundle", "minify", "transpile", "lint", "format",
        "parse", "serialize", "encode", "decode", "encrypt", "hash", "sign", "verify", "validate", "sanitize", "escape",
        "render", "unmount", "state", "hook", "prop", "component", "layout", "style", "theme", "font", "asset", "static",
        "dynamic", "async", "await", "promise", "callback", "future", "channel", "mutex", "semaphore", "atomic", "pool",
        "migration", "seed", "fixture", "mock", "stub", "assert", "expect", "snapshot", "coverage", "flaky", "random",
        "order", "sort", "filter", "map", "reduce", "join", "group", "count", "sum", "average", "metric", "alert",
        "dashboard", "panel", "graph", "chart", "report", "record", "entry", "note", "warning", "info", "tracing", "span",
        "context", "scope", "global", "instance", "singleton", "factory", "builder", "adapter", "plugin", "extension",
        "wrapper", "helper", "utility", "library", "framework", "runtime", "interpreter", "compiler", "linker", "loader",
        "resolver", "repository", "manifest", "lockfile", "checksum", "mirror", "offline", "online", "upstream", "downstream",
        "regression", "workaround", "root", "cause", "symptom", "repro", "minimal", "example", "docs", "changelog",
        "breaking", "deprecated", "removed", "renamed", "moved", "legacy", "modern", "native", "binary", "source",
        "platform", "linux", "windows", "macos", "arm64", "x86", "musl", "glibc", "alpine", "debian", "ubuntu",
    ];

    public static readonly string[] Actions =
    [
        "fix", "debug", "configure", "migrate", "deploy", "upgrade", "optimize", "add", "remove", "resolve", "set up",
        "speed up", "secure", "refactor", "containerize", "cache", "paginate", "authenticate", "monitor", "profile",
        "bundle", "test", "mock", "shard", "index", "backfill", "roll back", "pin", "vendor", "parallelize",
    ];

    public static readonly string[] Problems =
    [
        "timeout", "memory leak", "race condition", "permission denied", "cors error", "segfault", "deadlock",
        "oom killed", "connection refused", "certificate expired", "slow query", "flaky test", "hot reload broken",
        "build cache miss", "dependency conflict", "version mismatch", "missing env variable", "stale cache",
        "infinite loop", "high cpu", "disk full", "dns resolution failure", "rate limited", "401 unauthorized",
        "hydration mismatch", "n+1 queries", "lock contention", "import cycle", "broken pipe", "port already in use",
        "cold start", "thundering herd", "clock skew", "encoding error", "null reference", "type error",
        "undefined symbol", "linker error", "checksum mismatch", "corrupted index", "replication lag", "split brain",
        "zombie process", "file descriptor leak", "gc pauses", "stack overflow", "heap exhaustion", "crash loop",
        "image pull backoff", "tls handshake failure", "websocket disconnects", "session expiry", "csrf token mismatch",
        "migration failure", "schema drift", "duplicate key", "partial write", "message loss", "out of order events",
    ];

    public static readonly string[] Contexts =
    [
        "in production", "on ci", "locally", "behind a proxy", "on arm64", "in docker", "under load", "after upgrade",
        "on cold start", "in a monorepo", "with many tenants", "on windows", "in kubernetes", "on the edge",
        "for large files", "with feature flags", "during deploys", "across regions", "in tests", "on mobile",
    ];

    public static readonly string[] Files =
    [
        "nginx.conf", "values.yaml", "docker-compose.yml", "Dockerfile", "package.json", "tsconfig.json", "pyproject.toml",
        "Cargo.toml", "appsettings.json", "host.json", "main.tf", "webpack.config.js", "vite.config.ts", "pytest.ini",
        ".env", "Makefile", "postgresql.conf", "pg_hba.conf", "settings.py", "build.gradle", "Podfile", "Chart.yaml",
    ];

    public static readonly string[] ConfigKeys =
    [
        "max_connections", "proxy_read_timeout", "client_max_body_size", "shared_buffers", "work_mem", "pool_size",
        "keepalive_timeout", "worker_processes", "max_old_space_size", "request_timeout", "retry_count", "batch_size",
        "cache_ttl", "log_level", "max_retries", "idle_timeout", "statement_timeout", "lock_timeout", "memory_limit",
        "cpu_limit", "replicas", "liveness_probe", "readiness_probe", "heap_size", "thread_pool_size", "chunk_size",
        "prefetch_count", "ack_timeout", "session_ttl", "token_lifetime", "page_size", "max_payload", "gc_interval",
    ];

    public static readonly string[] Commands =
    [
        "npm install", "pip install", "cargo add", "dotnet add package", "go get", "helm upgrade --install", "kubectl apply -f",
        "docker build", "terraform apply", "brew install", "apt-get install", "poetry add", "yarn add", "pnpm add",
    ];

    public static readonly string[] Errors =
    [
        "ECONNREFUSED", "ENOENT", "EADDRINUSE", "ETIMEDOUT", "EACCES", "EPIPE", "ECONNRESET", "SIGKILL", "SIGSEGV",
        "OOMKilled", "CrashLoopBackOff", "ImagePullBackOff", "ERR_REQUIRE_ESM", "ERR_MODULE_NOT_FOUND", "E11000",
        "ORA-00942", "SQLSTATE 40P01", "SQLSTATE 23505", "NullReferenceException", "ModuleNotFoundError",
        "SSL_ERROR_SYSCALL", "CERT_HAS_EXPIRED", "ERR_OSSL_EVP_UNSUPPORTED", "KeyError", "TypeError", "StackOverflowError",
    ];

    public static readonly string[] HttpStatuses = ["400", "401", "403", "404", "409", "413", "429", "500", "502", "503", "504"];

    public static readonly string[] MemoryOpeners =
    [
        "Remember that", "Note to self:", "The user prefers", "Last time", "In this repo", "Project convention:",
        "Learned today:", "Watch out:", "The team uses",
    ];

    public static readonly string[] MemoryRings = ["full", "full", "full", "compressed", "summary", "essence"];

    public static readonly string[] RuleOpeners = ["Always", "Never", "Prefer", "Avoid", "Before using", "When touching", "Check that"];

    public static readonly string[] Syllables =
    [
        "zor", "vel", "quin", "brax", "lum", "tev", "kri", "dax", "mol", "pry", "sen", "gat", "wix", "fen", "jul",
        "nox", "rav", "tul", "yem", "hob", "cai", "drin", "plo", "skar", "vun", "zep", "orb", "ish", "umb", "eth",
    ];
}

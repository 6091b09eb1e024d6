namespace Cairn.Engrams.Entities;

/// <summary>Product and tool names entity extraction recognises, with the spelling an entity gets.</summary>
public static class KnownTools
{
    private static readonly string[] Names =
    [
        "PostgreSQL", "pgvector", "MySQL", "SQLite", "MongoDB", "Redis", "Elasticsearch", "Kafka", "RabbitMQ",
        "Docker", "Kubernetes", "kubectl", "Helm", "Terraform", "Bicep", "Ansible", "nginx", "systemd", "Linux",
        "Git", "GitHub", "GitLab", "npm", "Node.js", "dotnet", ".NET", "Python", "pip", "TypeScript", "JavaScript",
        "Rust", "Cargo", "Java", "Maven", "Gradle", "React", "Azure", "AWS", "GCP", "OpenAI", "ONNX", "Playwright",
        "xunit", "pytest", "Jest", "Webpack", "Vite", "Grafana", "Prometheus", "OpenTelemetry",
    ];

    private static readonly Dictionary<string, string> ByLowerName = Names.ToDictionary(n => n.ToLowerInvariant(), n => n);

    static KnownTools()
    {
        ByLowerName["postgres"] = "PostgreSQL";
        ByLowerName["k8s"] = "Kubernetes";
        ByLowerName["node"] = "Node.js";
    }

    public static string? Find(string word) => ByLowerName.GetValueOrDefault(word.ToLowerInvariant());
}

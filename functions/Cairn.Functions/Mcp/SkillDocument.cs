using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace Cairn.Mcp;

// GET /skill.md and Plurum's companion files (/HEARTBEAT.md, /PULSE.md, /skill.json): the agent-facing guide, with this
// deployment's URLs and the tool list the server really has.
internal static class SkillDocument
{
    // The files the skill is made of, as Plurum names them, and where each is served.
    public static readonly IReadOnlyList<(string Name, string Path)> Files =
        [("SKILL.md", "/skill.md"), ("HEARTBEAT.md", "/HEARTBEAT.md"), ("PULSE.md", "/PULSE.md"), ("skill.json", "/skill.json")];

    private static readonly ConcurrentDictionary<string, string> Templates = new(StringComparer.Ordinal);

    public static IResult Get(HttpContext context, McpToolRegistry tools) => Markdown(context, "skill.md", tools);

    public static IResult Heartbeat(HttpContext context, McpToolRegistry tools) => Markdown(context, "HEARTBEAT.md", tools);

    public static IResult Pulse(HttpContext context, McpToolRegistry tools) => Markdown(context, "PULSE.md", tools);

    public static IResult Metadata(HttpContext context, McpToolRegistry tools)
    {
        var baseUrl = BaseUrl(context);
        var api = $"{baseUrl}/api/v1";
        var metadata = new JsonObject
        {
            ["name"] = "cairn",
            ["version"] = typeof(SkillDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0",
            ["description"] = "Collective memory for AI agents. Search what other agents learned before you start, log what you learn while you work, report whether it worked.",
            ["homepage"] = baseUrl,
            ["api_base"] = api,
            ["mcp_url"] = $"{baseUrl}/mcp",
            ["auth"] = new JsonObject
            {
                ["type"] = "bearer", ["header"] = "Authorization", ["key_prefix"] = "cairn_live_", ["register"] = $"{api}/agents/register",
            },
            ["files"] = new JsonObject(Files.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)JsonValue.Create($"{baseUrl}{f.Path}")))),
            ["heartbeat"] = new JsonObject { ["interval_minutes"] = 30, ["routine"] = $"{baseUrl}/HEARTBEAT.md" },
            ["pulse"] = new JsonObject
            {
                ["inbox"] = $"{api}/pulse/inbox", ["negotiate"] = $"{api}/pulse/negotiate", ["websocket"] = WebSocketUrl(baseUrl),
                ["subprotocol"] = "json.webpubsub.azure.v1", ["status"] = $"{api}/pulse/status",
            },
            ["mcp_tools"] = new JsonArray([.. tools.Tools.Select(t => t.Name).Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n))]),
        };
        context.Response.Headers.Vary = "Host";
        return Results.Text(metadata.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "application/json; charset=utf-8");
    }

    private static IResult Markdown(HttpContext context, string file, McpToolRegistry tools)
    {
        context.Response.Headers.Vary = "Host";
        return Results.Text(Render(file, BaseUrl(context), tools), "text/markdown; charset=utf-8");
    }

    // The deployment's public address, never a forwarded host header (Hosting/PublicAddress).
    private static string BaseUrl(HttpContext context) => BaseUrl(context.Request);

    internal static string BaseUrl(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<Hosting.PublicAddress>().BaseUrl(request);

    private static string WebSocketUrl(string baseUrl) =>
        (baseUrl.StartsWith("https:", StringComparison.Ordinal) ? "wss:" + baseUrl[6..] : "ws:" + baseUrl[5..]) + "/api/v1/pulse/ws";

    internal static string Render(string baseUrl, McpToolRegistry tools) => Render("skill.md", baseUrl, tools);

    internal static string Render(string file, string baseUrl, McpToolRegistry tools) => Template(file)
        .Replace("{{base_url}}", baseUrl, StringComparison.Ordinal)
        .Replace("{{api_url}}", $"{baseUrl}/api/v1", StringComparison.Ordinal)
        .Replace("{{mcp_url}}", $"{baseUrl}/mcp", StringComparison.Ordinal)
        .Replace("{{ws_url}}", WebSocketUrl(baseUrl), StringComparison.Ordinal)
        .Replace("{{mcp_tools}}", ToolTable(tools), StringComparison.Ordinal);

    private static string Template(string file) => Templates.GetOrAdd(file, name =>
    {
        using var stream = typeof(SkillDocument).Assembly.GetManifestResourceStream($"Cairn.Mcp.{name}")
            ?? throw new InvalidOperationException($"The {name} template is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private static string ToolTable(McpToolRegistry tools) =>
        "| tool | what it does | toolset |\n|---|---|---|\n" + string.Join('\n', tools.Tools
            .OrderBy(t => t.Toolset, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"| `{t.Name}` | {t.Protocol.Title} | {t.Toolset} |"));
}

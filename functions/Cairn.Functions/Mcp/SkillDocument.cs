using System.Text;

namespace Cairn.Mcp;

/// <summary>GET /skill.md: the agent-facing guide, with this deployment's URLs and the tool list the server really has.</summary>
internal static class SkillDocument
{
    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(SkillDocument).Assembly.GetManifestResourceStream("Cairn.Mcp.skill.md")
            ?? throw new InvalidOperationException("The skill.md template is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public static IResult Get(HttpContext context, McpToolRegistry tools)
    {
        // Scheme and host are the public ones: the forwarded-headers middleware applied the Functions host's X-Forwarded-*.
        var baseUrl = BaseUrl(context.Request);
        context.Response.Headers.Vary = "Host, X-Forwarded-Host, X-Forwarded-Proto";
        return Results.Text(Render(baseUrl, tools), "text/markdown; charset=utf-8");
    }

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');

    internal static string Render(string baseUrl, McpToolRegistry tools) => Template.Value
        .Replace("{{base_url}}", baseUrl, StringComparison.Ordinal)
        .Replace("{{api_url}}", $"{baseUrl}/api/v1", StringComparison.Ordinal)
        .Replace("{{mcp_url}}", $"{baseUrl}/mcp", StringComparison.Ordinal)
        .Replace("{{mcp_tools}}", ToolTable(tools), StringComparison.Ordinal);

    private static string ToolTable(McpToolRegistry tools) =>
        "| tool | what it does | toolset |\n|---|---|---|\n" + string.Join('\n', tools.Tools
            .OrderBy(t => t.Toolset, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"| `{t.Name}` | {t.Protocol.Title} | {t.Toolset} |"));
}

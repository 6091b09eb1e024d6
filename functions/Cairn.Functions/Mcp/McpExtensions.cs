namespace Cairn.Mcp;

public static class McpExtensions
{
    public static IServiceCollection AddMcp(this IServiceCollection services)
    {
        // Every IMcpToolSet in the app is used, so a feature adds its tools with one file and nothing else. The scan loads
        // every type of the assembly: it runs when MCP is first used, not before the port opens (docs/deploy.md, "Cold start").
        services.AddSingleton(sp => new McpToolRegistry(
            ToolSetTypes().Select(type => (IMcpToolSet)ActivatorUtilities.CreateInstance(sp, type)), sp.GetRequiredService<ILogger<McpToolRegistry>>()));
        // The SDK logs three information lines per call; the request log already has one, and tool failures of ours are logged as errors.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter("ModelContextProtocol", LogLevel.Warning));
        return services;
    }

    private static IEnumerable<Type> ToolSetTypes() =>
        typeof(IMcpToolSet).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMcpToolSet).IsAssignableFrom(t));

    public static WebApplication MapMcp(this WebApplication app)
    {
        // Only POST: GET and DELETE /mcp answer 405, as a stateless server does (no SSE stream to resume, no session to end).
        app.MapPost("/mcp", McpEndpoint.HandleAsync).RequireAuthorization().WithTags("MCP").WithName("Mcp")
            .WithSummary("Model Context Protocol, Streamable HTTP transport, stateless: one JSON-RPC message per POST.");
        app.MapGet("/skill.md", SkillDocument.Get).WithTags("MCP").WithName("Skill")
            .WithSummary("The agent-facing guide to this deployment, with its own URLs.");
        app.MapGet("/HEARTBEAT.md", SkillDocument.Heartbeat).WithTags("MCP").WithName("SkillHeartbeat").WithSummary("The 30-minute engagement routine.");
        app.MapGet("/PULSE.md", SkillDocument.Pulse).WithTags("MCP").WithName("SkillPulse").WithSummary("The real-time WebSocket layer.");
        app.MapGet("/skill.json", SkillDocument.Metadata).WithTags("MCP").WithName("SkillMetadata").WithSummary("Machine-readable skill metadata.");
        return app;
    }
}

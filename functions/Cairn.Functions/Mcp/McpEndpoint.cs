using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Cairn.Mcp;

// POST /mcp: the SDK's Streamable HTTP transport in stateless mode, mapped by hand (ModelContextProtocol.AspNetCore is
// not reachable here). Each request gets its own transport and server and keeps nothing afterwards, so any instance of
// a scaled-out app can answer any request; the caller's identity travels with the message.
internal static class McpEndpoint
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    private static readonly JsonTypeInfo<JsonRpcError> ErrorType = (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    private static readonly Implementation ServerInfo = new()
    {
        Name = "cairn",
        Title = "Cairn collective memory",
        Version = typeof(McpEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0",
    };

    private const string Instructions =
        "Cairn is a collective memory shared by AI agents. Before a non-trivial task, search it (cairn_experience_search) and acquire " +
        "what fits (cairn_experience_acquire); afterwards report whether it worked (cairn_experience_report_outcome). For new work, " +
        "open a session (cairn_session_open), log dead ends, breakthroughs and gotchas as they happen (cairn_session_log_entry), and " +
        "close it (cairn_session_close) so the next agent can find it. Never log secrets, credentials or personal data. " +
        "GET /skill.md on this server is the full guide.";

    public static async Task HandleAsync(HttpContext context, McpToolRegistry tools, ILoggerFactory loggerFactory)
    {
        if (!SameOrigin(context.Request))
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "Forbidden: the Origin header names another site.");
            return;
        }
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!Accepts(accept, "application/json") || !Accepts(accept, "text/event-stream"))
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: the client must accept both application/json and text/event-stream.");
            return;
        }
        if (!context.Request.HasJsonContentType())
        {
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type: send one JSON-RPC message as application/json.");
            return;
        }
        if (tools.Select(context.Request.Query["toolsets"].ToString(), out var toolsetError) is not { } selection)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, toolsetError!, (int)McpErrorCode.InvalidParams);
            return;
        }

        // Buffered (Kestrel's body limit applies), so the same bytes are checked for repeated names and then read.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length);
        if (Errors.DuplicateKeys.Find(bytes) is { } repeated)
        {
            // Refused before it is read, so the id may be the repeated name: the error has none, as JSON-RPC allows.
            var inParams = repeated.StartsWith("params", StringComparison.Ordinal);
            var error = new JsonRpcErrorDetail
            {
                Code = (int)(inParams ? McpErrorCode.InvalidParams : McpErrorCode.InvalidRequest),
                Message = $"{(inParams ? "Invalid params" : "Invalid Request")}: {repeated} {Errors.DuplicateKeys.Rule}",
                Data = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["field"] = repeated, ["rule"] = Errors.DuplicateKeys.Rule }),
            };
            await Results.Json(new JsonRpcError { Error = error }, ErrorType, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }
        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(bytes.Span, MessageType);
        }
        catch (JsonException exception)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"Parse error: the body is not one JSON-RPC message ({exception.Message.Split(" Path:")[0]})", (int)McpErrorCode.ParseError);
            return;
        }
        if (message is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid Request: the body is not one JSON-RPC message.", (int)McpErrorCode.InvalidRequest);
            return;
        }
        if (McpParamsCheck.Check(message) is { } invalidParams)
        {
            await Results.Json(invalidParams, ErrorType).ExecuteAsync(context);
            return;
        }
        message.Context ??= new();
        message.Context.User = context.User;
        // Stateless: no server saw the initialize handshake, so the version the client negotiated comes with each request.
        if (context.Request.Headers["MCP-Protocol-Version"].ToString() is { Length: > 0 } protocolVersion)
        {
            message.Context.ProtocolVersion = protocolVersion;
        }

        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var options = new McpServerOptions
        {
            ServerInfo = ServerInfo,
            ServerInstructions = Instructions,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability(), Resources = new ResourcesCapability(), Prompts = new PromptsCapability() },
            // The request's own services: nothing outlives the request.
            ScopeRequests = false,
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (request, ct) => tools.ListAsync(selection, request, ct),
                CallToolHandler = (request, ct) => tools.CallAsync(selection, request, ct),
                ListResourcesHandler = McpResources.ListAsync,
                ReadResourceHandler = (request, _) => ValueTask.FromResult(McpResources.Read(request.Params?.Uri, () => SkillDocument.Render(SkillDocument.BaseUrl(context.Request), tools))),
                ListPromptsHandler = McpResources.ListPromptsAsync,
                GetPromptHandler = McpResources.GetPromptAsync,
            },
        };
        var server = McpServer.Create(transport, options, loggerFactory, context.RequestServices);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var running = server.RunAsync(stop.Token);
        try
        {
            StartEventStream(context);
            if (!await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted))
            {
                // A notification or a response: nothing to answer with.
                context.Response.Headers.ContentType = default;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        finally
        {
            // Transport first, so the server's read loop ends cleanly rather than by cancellation.
            await transport.DisposeAsync();
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // The loop was stopped on purpose.
            }
            await server.DisposeAsync();
        }
    }

    // The transport spec's guard against DNS rebinding: a browser page may only reach /mcp from this host's own origin.
    private static bool SameOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is not { Length: > 0 } origin
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.HttpContext.RequestServices.GetRequiredService<Hosting.PublicAddress>().Authority(request), StringComparison.OrdinalIgnoreCase));

    private static bool Accepts(IList<MediaTypeHeaderValue> accept, string mediaType) =>
        accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("*/*", StringComparison.Ordinal));

    private static void StartEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    // Transport-level failures as JSON-RPC errors (what MCP clients parse), with the HTTP status that says why.
    private static Task WriteErrorAsync(HttpContext context, int status, string message, int code = -32000) =>
        Results.Json(new JsonRpcError { Error = new JsonRpcErrorDetail { Code = code, Message = message } }, ErrorType, statusCode: status).ExecuteAsync(context);
}

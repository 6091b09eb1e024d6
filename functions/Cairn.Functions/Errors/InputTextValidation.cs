using System.Buffers;
using System.IO.Pipelines;

namespace Cairn.Errors;

/// <summary>
/// Applies <see cref="TextRules"/> to every query value, route value and JSON request body before any endpoint runs,
/// and refuses a JSON body that names a property twice (<see cref="DuplicateKeys"/>), so no feature can forget either and
/// nothing is written from such a request.
/// /mcp checks its own arguments (it answers JSON-RPC errors, not problems).
/// </summary>
public static class InputTextValidation
{
    /// <summary>After authorization, so an anonymous caller learns nothing before its 401; Idempotency-Key replays come after it.</summary>
    public static IApplicationBuilder UseCairnInputIntegrity(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        foreach (var (name, values) in request.Query)
        {
            ThrowIfInvalid(name, name);
            foreach (var value in values)
            {
                ThrowIfInvalid(name, value);
            }
        }
        foreach (var (name, value) in request.RouteValues)
        {
            ThrowIfInvalid(name, value as string);
        }
        var isMcp = request.Path.StartsWithSegments("/mcp", StringComparison.OrdinalIgnoreCase);
        if (context.GetEndpoint() is not null && !isMcp)
        {
            RequestCharset.Require(request);
        }
        // Any JSON body, bound by the framework or read by the endpoint itself (engrams read theirs as JsonObject).
        if (context.GetEndpoint() is not null && request.HasJsonContentType() && !isMcp)
        {
            await CheckBodyAsync(request, context.RequestAborted);
        }
        await next(context);
    });

    private static void ThrowIfInvalid(string field, string? value)
    {
        if (value is not null && TextRules.Check(value) is { } rule)
        {
            throw ApiProblem.Validation(field, rule);
        }
    }

    private static async Task CheckBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Buffered (to disk past 30 KB), so the endpoint reads the same bytes again; Kestrel's body limit still applies.
        request.EnableBuffering();
        var reader = PipeReader.Create(request.Body, new StreamPipeReaderOptions(leaveOpen: true));
        ReadResult read;
        do
        {
            read = await reader.ReadAsync(cancellationToken);
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
        while (!read.IsCompleted && !read.IsCanceled);
        var found = TextRules.FindInJson(read.Buffer);
        var repeated = found is null ? DuplicateKeys.Find(read.Buffer) : null;
        await reader.CompleteAsync();
        request.Body.Position = 0;
        if (found is { } bad)
        {
            throw ApiProblem.Validation(bad.Field, bad.Rule);
        }
        if (repeated is not null)
        {
            throw DuplicateKeys.Problem(repeated);
        }
    }
}

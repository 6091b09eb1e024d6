using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Errors;

/// <summary>The one place where every error becomes RFC 9457 ProblemDetails with a stable <c>code</c>.</summary>
public static partial class ErrorHandling
{
    public static IServiceCollection AddCairnErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.Remove("traceId");
            // The W3C trace id (the caller's, when it sent a traceparent), so a problem report finds its trace.
            problem.Extensions["trace_id"] = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
            problem.Extensions.TryAdd("code", DefaultCode(problem.Status ?? context.HttpContext.Response.StatusCode));
            var request = context.HttpContext.Request;
            problem.Detail ??= problem.Status switch
            {
                StatusCodes.Status404NotFound => $"No endpoint matches {request.Method} {request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with 'Content-Type: application/json'.",
                _ => problem.Title,
            };
        });
        return services;
    }

    public static WebApplication UseCairnErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
            ExceptionHandler = WriteProblemAsync,
            // The middleware would log every exception, 4xx included, at Error with its stack; WriteProblemAsync logs by status.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages();
        app.UseUnboundParameterProblems();
        return app;
    }

    private static async Task WriteProblemAsync(HttpContext context)
    {
        var feature = context.Features.Get<IExceptionHandlerFeature>();
        var exception = feature?.Error;
        var requestType = feature?.Endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        var problem = Translate(exception, requestType);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Cairn.Errors");
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else
        {
            // A client error is the caller's to fix: one line, no stack trace, and no secret it echoes (a field named by one).
            var redactor = context.RequestServices.GetService<ILogRedactor>();
            logger.LogInformation("{Method} {Path} answered {Status} {Code}: {Detail}", context.Request.Method,
                redactor?.Redact(context.Request.Path.ToString()) ?? context.Request.Path.ToString(), problem.Status, problem.Code, redactor?.Redact(problem.Message) ?? problem.Message);
        }

        context.Response.StatusCode = problem.Status;
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        if (problem.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var details = new ProblemDetails
        {
            Status = problem.Status,
            Title = ReasonPhrase(problem.Status),
            Detail = problem.Message,
            Type = $"https://httpstatuses.io/{problem.Status}",
        };
        details.Extensions["code"] = problem.Code;
        if (problem.Errors is not null)
        {
            details.Extensions["errors"] = problem.Errors;
        }

        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    /// <summary>Maps framework, JSON and storage exceptions to caller-facing problems; anything unknown is a 500 without details.</summary>
    internal static ApiProblem Translate(Exception? exception, Type? requestType = null) => exception switch
    {
        ApiProblem problem => problem,
        DomainException domain => new ApiProblem(StatusOf(domain), domain.Code, domain.Message, domain.Errors) { RetryAfter = domain.RetryAfter },
        BadHttpRequestException { InnerException: JsonException json } => FromJson(json, requestType),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new ApiProblem(413, "payload_too_large", $"The request body is larger than the limit of {RequestLimits.MaxBodyBytes} bytes."),
        BadHttpRequestException bad when bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase) =>
            ApiProblem.BadRequest("body_required", "A JSON request body is required."),
        BadHttpRequestException bad when FailedParameter().Match(bad.Message) is { Success: true } match =>
            ApiProblem.BadRequest("invalid_parameter", $"'{match.Groups["value"].Value}' is not a valid value for {match.Groups["name"].Value}.", match.Groups["name"].Value),
        BadHttpRequestException bad => new ApiProblem(bad.StatusCode, DefaultCode(bad.StatusCode), bad.Message),
        InvalidContinuationTokenException => ApiProblem.BadRequest("invalid_cursor", "The cursor is not valid; pass back the next_cursor of a previous page.", "cursor"),
        ContentionException or DocumentPreconditionFailedException =>
            new ApiProblem(409, "contention", "Other requests are changing the same thing right now; retry shortly.") { RetryAfter = TimeSpan.FromSeconds(1) },
        DocumentConflictException => new ApiProblem(409, "conflict", "It already exists: another request created it first."),
        DocumentNotFoundException => new ApiProblem(404, "not_found", "It was removed by another request while this one ran."),
        StorageUnavailableException => new ApiProblem(503, "storage_unavailable", "The database is not reachable; try again shortly.") { RetryAfter = TimeSpan.FromSeconds(5) },
        // Services validate what callers send before the index sees it: a document or query the index refuses was built by the app.
        Search.InvalidSearchInputException => new ApiProblem(500, "search_index_refused", "The search index refused what the app gave it. It has been logged; it is not a fault in the request."),
        Embeddings.OpenAI.EmbeddingUnavailableException => new ApiProblem(503, "embedder_unavailable", "The embedding service is not answering, so the text cannot be searched or indexed; try again shortly.") { RetryAfter = TimeSpan.FromSeconds(5) },
        _ => new ApiProblem(500, "internal_error", "An unexpected error occurred. It has been logged."),
    };

    private static int StatusOf(DomainException exception) => exception switch
    {
        ValidationFailedException => StatusCodes.Status422UnprocessableEntity,
        BadInputException => StatusCodes.Status400BadRequest,
        NotAuthenticatedException => StatusCodes.Status401Unauthorized,
        ForbiddenException => StatusCodes.Status403Forbidden,
        NotFoundException => StatusCodes.Status404NotFound,
        ConflictException => StatusCodes.Status409Conflict,
        StaleVersionException => StatusCodes.Status412PreconditionFailed,
        TooLargeException => StatusCodes.Status413PayloadTooLarge,
        UnsupportedContentException => StatusCodes.Status415UnsupportedMediaType,
        QuotaExceededException => StatusCodes.Status429TooManyRequests,
        NotConfiguredException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A JSON error inside a request body (or MCP tool arguments) as a problem naming the field and the type it must have.</summary>
    internal static ApiProblem FromJson(JsonException json, Type? requestType)
    {
        if (StrictRequests.UnknownField(json, requestType) is { } unknown)
        {
            return unknown;
        }
        var field = json.Path is null or "$" ? null : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path.TrimStart('$');
        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && field is not null)
        {
            var expected = requestType is null ? null : JsonPathTypes.Resolve(requestType, json.Path!);
            var message = expected is null ? "has the wrong type." : $"must be {JsonPathTypes.Describe(expected)}.";
            return new ApiProblem(400, "invalid_type", $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });
        }

        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        return new ApiProblem(400, "malformed_json", $"The request body is not valid JSON{where}: {FirstSentence(json.Message)}");
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    internal static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "validation_failed",
        429 => "rate_limited",
        503 => "unavailable",
        _ => status >= 500 ? "internal_error" : "error",
    };

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    [GeneratedRegex("Failed to bind parameter \"(?<type>[^\" ]+) (?<name>[^\"]+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex FailedParameter();
}

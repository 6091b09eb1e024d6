using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Agents;
using Cairn.Errors;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cairn.Events.Inbound;

/// <summary>A CloudEvent a pipeline sent to <c>POST /api/v1/events</c>, its context attributes already checked.</summary>
public sealed record InboundEvent(string Id, string Source, string Type, string? Subject, DateTimeOffset? Time, JsonObject Data);

/// <summary>
/// Handles one inbound event type by calling the feature that owns it, as the agent that sent it. Registered by that
/// feature, so Events knows no feature and features depend on Events, not the other way round.
/// </summary>
public interface IInboundEventHandler
{
    /// <summary>The CloudEvents type, e.g. <c>cairn.outcome.report</c>.</summary>
    string Type { get; }

    /// <summary>Does what the event asks and returns what the equivalent API call would have answered.</summary>
    Task<object> HandleAsync(InboundEvent e, Caller caller, CancellationToken cancellationToken);
}

/// <summary>Binds an event's <c>data</c> as a request type, with the API's strict rules; problems name <c>data.&lt;field&gt;</c>.</summary>
public sealed class InboundData(IOptions<JsonOptions> json)
{
    public T Bind<T>(InboundEvent e)
    {
        try
        {
            return e.Data.Deserialize<T>(json.Value.SerializerOptions) ?? throw ApiProblem.Validation("data", "must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw Prefixed(ErrorHandling.FromJson(exception, typeof(T)));
        }
    }

    /// <summary>Runs a feature call, re-keying its field errors under <c>data.</c> so they name the event attribute.</summary>
    public static async Task<T> AsDataAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception problem) when (problem is ApiProblem { Errors: not null } or DomainException { Errors: not null })
        {
            throw Prefixed(ErrorHandling.Translate(problem));
        }
    }

    private static ApiProblem Prefixed(ApiProblem problem) => problem.Errors is null ? problem
        : new ApiProblem(problem.Status, problem.Code, string.Join(" ", problem.Errors.SelectMany(e => e.Value.Select(m => $"data.{e.Key}: {m}"))),
            problem.Errors.ToDictionary(e => $"data.{e.Key}", e => e.Value));
}

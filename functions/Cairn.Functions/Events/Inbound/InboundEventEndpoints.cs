using System.Security.Claims;
using Cairn.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Events.Inbound;

public static class InboundEventEndpoints
{
    public static RouteGroupBuilder MapInboundEvents(this RouteGroupBuilder api)
    {
        api.MapPost("/events", AcceptAsync).RequireAuthorization().WithTags("Events").WithName("PostEvent")
            .WithSummary("Send Cairn a CloudEvent (structured or binary mode): cairn.outcome.report, cairn.memory.observation.")
            .Accepts<InboundCloudEvent>("application/cloudevents+json", "application/json");
        return api;
    }

    private static async Task<Ok<InboundEventResponse>> AcceptAsync(HttpRequest request, ClaimsPrincipal user, InboundEvents events, CancellationToken ct) =>
        TypedResults.Ok(await events.AcceptAsync(request, user.Caller(), ct));
}

/// <summary>The structured-mode body, for the OpenAPI document only (the endpoint reads the request itself).</summary>
public sealed record InboundCloudEvent(string Specversion, string Id, string Source, string Type, string? Subject, DateTimeOffset? Time, string? Datacontenttype, System.Text.Json.Nodes.JsonObject Data);

using System.Security.Claims;
using Cairn.Agents;
using Cairn.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Inbox;

public static class InboxEndpoints
{
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboxService>();
        services.AddJob<InboxCleanupJob>("inbox-cleanup", "0 15 * * * *");
        return services;
    }

    public static RouteGroupBuilder MapInbox(this RouteGroupBuilder api)
    {
        var pulse = api.MapGroup("/pulse").WithTags("Pulse");
        pulse.MapGet("/inbox", GetAsync).RequireAuthorization().WithName("Inbox").WithSummary("Your events, newest first (unread_only, limit, cursor).");
        pulse.MapPost("/inbox/mark-read", MarkReadAsync).RequireAuthorization().WithName("MarkRead").WithSummary("Mark events read by event_ids, or mark_all.");
        return api;
    }

    private static async Task<Ok<InboxResponse>> GetAsync([FromQuery(Name = "unread_only")] bool? unreadOnly, int? limit, string? cursor, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
        TypedResults.Ok(await inbox.GetAsync(user.AgentId(), unreadOnly, limit, cursor, ct));

    private static async Task<Ok<MarkReadResponse>> MarkReadAsync(MarkReadRequest request, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
        TypedResults.Ok(await inbox.MarkReadAsync(user.AgentId(), request, ct));
}

using System.Security.Claims;
using Cairn.Agents;
using Cairn.Errors;
using Cairn.Jobs;
using Cairn.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cairn.Clipboard;

public static class ClipboardEndpoints
{
    public static IServiceCollection AddClipboard(this IServiceCollection services)
    {
        services.AddOptions<ClipboardOptions>().BindConfiguration(ClipboardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClipboardOptions>, ClipboardOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var ring = ClipboardKeyRing.Load(sp.GetRequiredService<IOptions<ClipboardOptions>>().Value);
            if (ring is null)
            {
                sp.GetRequiredService<ILogger<ClipboardCipher>>().LogWarning(
                    "No clipboard encryption key is configured ({Section}:EncryptionKeys or :KeyFile); the clipboard answers 503.", ClipboardOptions.Section);
            }
            return new ClipboardCipher(ring);
        });
        services.AddSingleton<ClipboardValueStore>();
        services.AddSingleton<ClipboardAccess>();
        services.AddSingleton<ClipboardService>();
        services.AddSingleton<ClipboardStack>();
        services.AddWorkspaces();
        services.AddJob<ClipboardCleanupJob>("clipboard-cleanup", "30 */10 * * * *");
        return services;
    }

    public static RouteGroupBuilder MapClipboard(this RouteGroupBuilder api)
    {
        var clipboard = api.MapGroup("/clipboard").WithTags("Clipboard").RequireAuthorization().AddEndpointFilter(RequireKeysAsync);
        clipboard.MapGet("", ListAsync).WithName("ListClipboard").WithSummary("List entries (without values), newest first; with owner=, another agent's shared ones.");
        clipboard.MapPost("", SetAsync).WithName("SetClipboardEntry").WithSummary("Set or replace a named entry.");
        clipboard.MapPost("/get", GetByBodyAsync).WithName("GetClipboardEntry").WithSummary("Get one entry by name or idx.");
        clipboard.MapGet("/entry", GetByQueryAsync).WithName("GetClipboardEntryByQuery").WithSummary("Get one entry by name or idx (query string).");
        clipboard.MapDelete("", DeleteAsync).WithName("DeleteClipboardEntry").WithSummary("Delete one of your entries by name or idx (query string or JSON body).");
        clipboard.MapPost("/push", PushAsync).WithName("PushClipboardEntry").WithSummary("Push a value onto your stack at the next index.");
        clipboard.MapDelete("/pop", PopAsync).WithName("PopClipboardEntry").WithSummary("Remove and return the newest entry of your stack.");
        return api;
    }

    private static async Task<Ok<ClipboardListResponse>> ListAsync(
        ClaimsPrincipal user, ClipboardService clipboard, Guid? owner, string? visibility, int? limit, string? cursor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clipboard.ListAsync(user.AgentId(), owner, visibility, limit, cursor, cancellationToken));

    private static async Task<Results<Created<ClipboardEntrySummary>, Ok<ClipboardEntrySummary>>> SetAsync(
        SetEntryRequest request, ClaimsPrincipal user, ClipboardService clipboard, CancellationToken cancellationToken)
    {
        var (entry, created) = await clipboard.SetAsync(user.AgentId(), request, ClipboardSource.Sdk, cancellationToken);
        return created ? TypedResults.Created(EntryPath($"name={Uri.EscapeDataString(entry.Name!)}"), entry) : TypedResults.Ok(entry);
    }

    private static async Task<Ok<ClipboardEntry>> GetByBodyAsync(GetEntryRequest request, ClaimsPrincipal user, ClipboardService clipboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clipboard.GetAsync(user.AgentId(), request, cancellationToken));

    private static async Task<Ok<ClipboardEntry>> GetByQueryAsync(
        ClaimsPrincipal user, ClipboardService clipboard, string? name, long? idx, Guid? owner, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clipboard.GetAsync(user.AgentId(), new GetEntryRequest(name, idx, owner), cancellationToken));

    private static async Task<NoContent> DeleteAsync(
        ClaimsPrincipal user, ClipboardService clipboard, string? name, long? idx, [FromBody] DeleteEntryRequest? body, CancellationToken cancellationToken)
    {
        if (body is not null && (name is not null || idx is not null))
        {
            throw ApiProblem.Validation("name", "give the entry in the query string or in the body, not both.");
        }
        await clipboard.DeleteAsync(user.AgentId(), body?.Name ?? name, body?.Idx ?? idx, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Created<ClipboardEntrySummary>> PushAsync(
        PushEntryRequest request, ClaimsPrincipal user, ClipboardStack stack, CancellationToken cancellationToken)
    {
        var entry = await stack.PushAsync(user.AgentId(), request, ClipboardSource.Sdk, cancellationToken);
        return TypedResults.Created(EntryPath($"idx={entry.Idx}"), entry);
    }

    private static async Task<Ok<ClipboardEntry>> PopAsync(ClaimsPrincipal user, ClipboardStack stack, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stack.PopAsync(user.AgentId(), cancellationToken));

    private static string EntryPath(string query) => $"/api/v1/clipboard/entry?{query}";

    private static async ValueTask<object?> RequireKeysAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        RequireKeys(context.HttpContext.RequestServices.GetRequiredService<ClipboardCipher>());
        return await next(context);
    }

    // Without a key nothing can be sealed, and values are never stored in the clear (every clipboard channel checks
    // this).
    internal static void RequireKeys(ClipboardCipher cipher)
    {
        if (!cipher.IsConfigured)
        {
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, "clipboard_not_configured",
                $"The clipboard has no encryption key configured: set {ClipboardOptions.Section}:EncryptionKeys (or :KeyFile). scripts/run creates a local key file.");
        }
    }
}

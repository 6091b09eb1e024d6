using System.Security.Claims;
using Cairn.Agents;
using Cairn.Hosting;
using Cairn.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

public static class MemoryEndpoints
{
    /// <summary>Agent memory: sessions, observations, rings, decay, Z-reports, progressive retrieval and the collective pool.</summary>
    public static IServiceCollection AddMemory(this IServiceCollection services)
    {
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MemoryChatOptions>().BindConfiguration(MemoryChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MemoryOptions>, MemoryOptionsValidator>();

        // Built only when Chat is chosen (start-up validation then requires an endpoint); tests may put their own in its place.
        services.AddSingleton<IChatClient>(sp => new OpenAIChatClient(sp.GetRequiredService<IOptions<MemoryChatOptions>>()));
        services.AddSingleton<IMemoryClassifier>(sp => sp.GetRequiredService<IOptions<MemoryOptions>>().Value.Classifier == MemoryModelChoice.Chat
            ? ActivatorUtilities.CreateInstance<ChatClassifier>(sp)
            : new RuleClassifier());
        services.AddSingleton<IMemoryCompressor>(sp => sp.GetRequiredService<IOptions<MemoryOptions>>().Value.Compressor == MemoryModelChoice.Chat
            ? ActivatorUtilities.CreateInstance<ChatCompressor>(sp)
            : new ExtractiveCompressor());

        services.AddSingleton<MemoryStore>();
        services.AddSingleton<MemoryIndex>();
        services.AddSingleton<CbpPool>();
        services.AddSingleton<MemoryCurator>();
        services.AddSingleton<MemorySessionService>();
        services.AddSingleton<ObservationService>();
        services.AddSingleton<Cairn.Events.Inbound.IInboundEventHandler, ObservationEventHandler>();
        services.AddSingleton<MemoryRetrieval>();
        services.AddSingleton<MemoryDeletion>();
        services.AddSingleton<MemoryHistory>();
        services.AddJob<MemoryDecayJob>("memory-decay", "0 7 * * * *");
        services.AddJob<MemoryPromotionJob>("memory-promotion", "0 */15 * * * *");
        return services;
    }

    public static RouteGroupBuilder MapMemory(this RouteGroupBuilder api)
    {
        var memory = api.MapGroup("/memory").WithTags("Memory").RequireAuthorization();
        memory.MapPost("/sessions", StartAsync).WithName("StartMemorySession").WithSummary("Start a memory session.");
        memory.MapGet("/sessions/{sessionId:guid}", GetSessionAsync).WithName("GetMemorySession").WithSummary("A memory session, with its Z-report once ended.");
        memory.MapPut("/sessions/{sessionId:guid}", UpdateAsync).WithName("UpdateMemorySession").WithSummary("End the session (status: ended) and get its Z-report, or retitle it.");
        memory.MapDelete("/sessions/{sessionId:guid}", DeleteSessionAsync).WithName("DeleteMemorySession").WithSummary("Delete a memory session with every memory observed in it.");
        memory.MapPost("/observe", ObserveAsync).WithName("Observe").WithSummary("Record an observation during an active session.");
        memory.MapPost("/search", SearchAsync).WithName("SearchMemory").WithSummary("Progressive retrieval: layer 1 essences, layer 2 timelines, layer 3 full content.");
        memory.MapGet("/{memoryId:guid}", DetailsAsync).WithName("GetMemory").WithSummary("A memory's full details (layer 3).");
        memory.MapGet("/{memoryId:guid}/history", HistoryAsync).WithName("MemoryHistory").WithSummary("Every change of a memory (ADD, UPDATE, DELETE), oldest first, with the text before and after.");
        memory.MapDelete("/{memoryId:guid}", DeleteMemoryAsync).WithName("DeleteMemory").WithSummary("Delete one of your memories (an observation or a ring memory).");
        var cbp = memory.MapGroup("/cbp");
        cbp.MapPost("/query", QueryAsync).WithName("QueryBestPractices").WithSummary("Collective best practices relevant to a query (k-anonymous).");
        cbp.MapPost("/feedback", FeedbackAsync).WithName("BestPracticeFeedback").WithSummary("Confirm or reject a suggested pattern.");
        return api;
    }

    private static async Task<Created<MemorySessionResponse>> StartAsync(StartMemorySessionRequest request, ClaimsPrincipal user, MemorySessionService sessions, CancellationToken ct)
    {
        var session = await sessions.StartAsync(user.AgentId(), request, ct);
        return TypedResults.Created($"/api/v1/memory/sessions/{session.Id}", session);
    }

    private static async Task<Ok<MemorySessionResponse>> GetSessionAsync(Guid sessionId, ClaimsPrincipal user, HttpResponse response, MemorySessionService sessions, CancellationToken ct)
    {
        var (session, etag) = await sessions.GetAsync(user.AgentId(), sessionId, ct);
        EntityTags.Set(response, etag);
        return TypedResults.Ok(session);
    }

    private static async Task<Ok<MemorySessionResponse>> UpdateAsync(Guid sessionId, UpdateMemorySessionRequest request, ClaimsPrincipal user, HttpRequest http, MemorySessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.UpdateAsync(user.AgentId(), sessionId, request, EntityTags.IfMatch(http), ct));

    private static async Task<Created<ObservationResponse>> ObserveAsync(ObserveRequest request, ClaimsPrincipal user, ObservationService observations, CancellationToken ct)
    {
        var observation = await observations.ObserveAsync(user.AgentId(), request, ct);
        return TypedResults.Created($"/api/v1/memory/{observation.Id}", observation);
    }

    private static async Task<Ok<MemorySearchResponse>> SearchAsync(MemorySearchRequest request, ClaimsPrincipal user, MemoryRetrieval retrieval, CancellationToken ct) =>
        TypedResults.Ok(await retrieval.SearchAsync(user.AgentId(), request, ct));

    private static async Task<Ok<MemoryHitResponse>> DetailsAsync(Guid memoryId, ClaimsPrincipal user, MemoryRetrieval retrieval, CancellationToken ct) =>
        TypedResults.Ok(await retrieval.DetailsAsync(user.AgentId(), memoryId, ct));

    private static async Task<Ok<MemoryHistoryResponse>> HistoryAsync(Guid memoryId, ClaimsPrincipal user, MemoryHistory history, CancellationToken ct) =>
        TypedResults.Ok(await history.ReadAsync(user.AgentId(), memoryId, ct));

    private static async Task<NoContent> DeleteMemoryAsync(Guid memoryId, ClaimsPrincipal user, MemoryDeletion deletion, CancellationToken ct)
    {
        await deletion.DeleteMemoryAsync(user.AgentId(), memoryId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DeleteSessionAsync(Guid sessionId, ClaimsPrincipal user, MemoryDeletion deletion, CancellationToken ct)
    {
        await deletion.DeleteSessionAsync(user.AgentId(), sessionId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CbpQueryResponse>> QueryAsync(CbpQueryRequest request, ClaimsPrincipal user, CbpPool pool, CancellationToken ct) =>
        TypedResults.Ok(await pool.QueryAsync(user.AgentId(), request, ct));

    private static async Task<Ok<CbpFeedbackResponse>> FeedbackAsync(CbpFeedbackRequest request, ClaimsPrincipal user, CbpPool pool, CancellationToken ct) =>
        TypedResults.Ok(await pool.FeedbackAsync(user.AgentId(), request, ct));
}

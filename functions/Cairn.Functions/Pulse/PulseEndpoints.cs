using System.Security.Claims;
using Cairn.Agents;
using Cairn.Errors;
using Cairn.Hosting;
using Cairn.OpenApi;
using Cairn.Pulse.Local;
using Cairn.Pulse.WebPubSub;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse;

public static class PulseEndpoints
{
    public const string WebSocketPath = "/api/v1/pulse/ws";

    /// <summary>Initial groups one negotiate may ask for; clients join more with joinGroup.</summary>
    public const int MaxInitialGroups = 20;

    public static IServiceCollection AddPulse(this IServiceCollection services)
    {
        services.AddOptions<PulseOptions>().BindConfiguration(PulseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PulseOptions>, PulseOptionsValidator>();
        services.AddSingleton<LocalPulseHub>();
        services.AddSingleton<LocalPulseTokens>();
        services.AddSingleton<LocalPulseNegotiator>();
        services.AddSingleton<LocalPulseKeyWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalPulseKeyWatch>());
        services.AddWebPubSub();
        services.AddSingleton<IPulsePublisher>(sp => UsesWebPubSub(sp) ? sp.GetRequiredService<WebPubSubPublisher>() : sp.GetRequiredService<LocalPulseHub>());
        services.AddSingleton<IPulseNegotiator>(sp => UsesWebPubSub(sp) ? sp.GetRequiredService<WebPubSubNegotiator>() : sp.GetRequiredService<LocalPulseNegotiator>());
        services.AddSingleton<PulseDispatcher>();
        services.AddSingleton<PulseAccess>();
        services.AddSingleton<IAgentKeyRotationListener, PulseKeyRotation>();
        services.AddHostedService(sp => sp.GetRequiredService<PulseDispatcher>());
        return services;
    }

    /// <summary>Maps <c>/api/v1/pulse/negotiate</c> and <c>/api/v1/pulse/ws</c>, with the WebSocket middleware they need.</summary>
    public static WebApplication MapPulse(this WebApplication app)
    {
        // Pings find dead peers (a sleeping laptop) that would otherwise hold a connection and its queue for hours.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        var pulse = app.MapGroup("/api/v1/pulse").WithTags("Pulse").WithProblemResponses();
        pulse.MapGet("/negotiate", NegotiateAsync).RequireAuthorization().WithName("PulseNegotiate")
            .WithSummary("The WebSocket URL (with an access token) to connect to for real-time pushes, locally or on Azure Web PubSub.");
        pulse.MapGet("/ws", LocalPulseEndpoint.ConnectAsync).Produces(StatusCodes.Status101SwitchingProtocols).WithName("PulseWebSocket")
            .WithSummary("Local real-time WebSocket (json.webpubsub.azure.v1); on Azure, answers 400 negotiate_required.");
        return app;
    }

    private static async Task<Ok<NegotiateResponse>> NegotiateAsync(
        ClaimsPrincipal user, HttpRequest request, IPulseNegotiator negotiator, [FromServices] PublicAddress address, [FromQuery(Name = "group")] string[]? groups, CancellationToken cancellationToken)
    {
        var initial = (groups ?? []).Distinct(StringComparer.Ordinal).ToList();
        var validator = new Validator();
        if (initial.Count > MaxInitialGroups)
        {
            validator.Add("group", $"at most {MaxInitialGroups} groups may be joined on connect; join more with joinGroup.");
        }
        foreach (var group in initial.Where(g => !PulseGroups.IsJoinable(g)))
        {
            validator.Add("group", $"'{group}' cannot be joined: {PulseGroups.Rule}");
        }
        validator.ThrowIfInvalid();
        var origin = new Uri(address.BaseUrl(request));
        return TypedResults.Ok(await negotiator.NegotiateAsync(user.AgentId(), user.KeyVersion(), initial, origin, cancellationToken));
    }

    private static bool UsesWebPubSub(IServiceProvider services) =>
        services.GetRequiredService<IOptions<PulseOptions>>().Value.Provider == PulseProvider.AzureWebPubSub;
}

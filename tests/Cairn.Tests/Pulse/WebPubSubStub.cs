using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cairn.Tests.Pulse;

// A stand-in for the Web PubSub data plane on loopback: records every request exactly as it arrived (raw target,
// headers, body) and answers with scripted responses, 202 Accepted by default.
public sealed class WebPubSubStub : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<Func<HttpResponse, Task>> _script = new();
    private readonly Channel<RecordedRequest> _requests = Channel.CreateUnbounded<RecordedRequest>();

    private WebPubSubStub()
    {
    }

    // http://127.0.0.1:{port}/ — what a connection string's Endpoint= would say.
    public Uri Endpoint { get; private set; } = null!;

    public string ConnectionString(string accessKey) => $"Endpoint={Endpoint.ToString().TrimEnd('/')};AccessKey={accessKey};Version=1.0;";

    public static async Task<WebPubSubStub> StartAsync()
    {
        var stub = new WebPubSubStub();
        stub._server = await LoopbackServer.StartAsync(stub.HandleAsync);
        stub.Endpoint = new Uri(stub._server.Address + "/");
        return stub;
    }

    // Scripts the next answer (in order); requests beyond the script get 202.
    public void Respond(HttpStatusCode status, string? body = null, TimeSpan? retryAfter = null) => _script.Enqueue(async response =>
    {
        response.StatusCode = (int)status;
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (body is not null)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(body);
        }
    });

    public async Task<RecordedRequest> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _requests.Reader.ReadAsync(timeout.Token);
    }

    // Requests received and not yet read with NextRequestAsync.
    public int Unread => _requests.Reader.Count;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var request = context.Request;
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        _requests.Writer.TryWrite(new RecordedRequest(
            request.Method,
            rawTarget,
            request.Headers.ContentType.ToString(),
            request.Headers.Authorization.ToString(),
            body.ToArray(),
            new Uri(Endpoint, rawTarget.Split('?')[0])));
        if (_script.TryDequeue(out var respond))
        {
            await respond(context.Response);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }
}

// One request as the stub saw it. UrlWithoutQuery is what the REST reference says a token's audience must be.
public sealed record RecordedRequest(string Method, string RawTarget, string ContentType, string Authorization, byte[] Body, Uri UrlWithoutQuery)
{
    public string BearerToken => Authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? Authorization["Bearer ".Length..] : throw new InvalidOperationException($"Not a bearer token: '{Authorization}'");

    public string Path => RawTarget.Split('?')[0];

    public IReadOnlyList<(string Name, string Value)> Query =>
        RawTarget.Contains('?')
            ? RawTarget.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], Uri.UnescapeDataString(p[1]))).ToList()
            : [];
}

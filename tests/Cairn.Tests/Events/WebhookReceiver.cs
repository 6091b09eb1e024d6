using System.Collections.Concurrent;
using System.Threading.Channels;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Cairn.Tests.Events;

/// <summary>A webhook receiver on 127.0.0.1: records every request and answers from a script (200 once the script runs out).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver()
    {
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        headers["content-type"] = context.Request.ContentType ?? "";
        var received = new ReceivedWebhook(context.Request.Path, headers, body);
        All.Enqueue(received);
        await _received.Writer.WriteAsync(received);
        context.Response.StatusCode = _script.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
    }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<ReceivedWebhook> All { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackServer.StartAsync(receiver.HandleAsync);
        receiver.Url = new Uri(receiver._server.Address + "/hook");
        return receiver;
    }

    /// <summary>Answers the next requests with these statuses, in order.</summary>
    public void Respond(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public void ClearScript() => _script.Clear();

    /// <summary>The next request received (the real-time timeout only turns a hang into a failure).</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public int Count => All.Count;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public System.Text.Json.Nodes.JsonObject Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!.AsObject();

    /// <summary>Checks the Standard Webhooks signature with an independent HMAC-SHA256 over "id.timestamp.body", keyed by the secret's base64-decoded bytes.</summary>
    public bool SignedWith(string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = $"{Headers["webhook-id"]}.{Headers["webhook-timestamp"]}.{Body}";
        var expected = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(signed)));
        return Headers["webhook-signature"].Split(' ').Contains(expected);
    }
}

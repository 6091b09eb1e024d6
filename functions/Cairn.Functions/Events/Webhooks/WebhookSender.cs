using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Cairn.Errors;
using StandardWebhooks;

namespace Cairn.Events.Webhooks;

/// <summary>
/// One attempt of one delivery: the CloudEvents JSON, signed as Standard Webhooks says (webhook-id = the event id, the
/// same on every retry; webhook-timestamp = now; webhook-signature = v1,HMAC-SHA256 over "id.timestamp.body").
/// </summary>
public sealed class WebhookSender(WebhookHttp http, WebhookSecrets secrets, TimeProvider clock)
{
    public async Task<DeliveryAttempt> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        string secret;
        try
        {
            secret = secrets.Open(subscription);
        }
        catch (UnreadableDataException problem)
        {
            // Nothing is sent unsigned: the attempt fails (and is retried) until the key is configured again.
            return new DeliveryAttempt(now, null, $"The signing secret cannot be opened: {problem.Message}", null, 0);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/cloudevents+json")),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(delivery.EventId, now, delivery.Payload));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var excerpt = await ExcerptAsync(response, cancellationToken);
            return new DeliveryAttempt(now, (int)response.StatusCode, null, excerpt, watch.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException e)
        {
            var refused = e.InnerException as WebhookRefusedException;
            return new DeliveryAttempt(now, null, refused?.Message ?? $"Could not connect: {e.Message}", null, watch.Elapsed.TotalMilliseconds);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttempt(now, null, $"No answer within {http.Client.Timeout.TotalSeconds:0} s.", null, watch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The start of the answer (at most <see cref="WebhookHttp.MaxResponseExcerpt"/> bytes); the rest is never read.</summary>
    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookHttp.MaxResponseExcerpt];
        var read = 0;
        while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }
        // Control characters (NUL above all) cannot be stored in a JSON document on every backend.
        return read == 0 ? null : new string(Encoding.UTF8.GetString(buffer, 0, read).Select(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t') ? ' ' : c).ToArray());
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using Cairn.Tests.Support;

namespace Cairn.Tests.Telemetry;

// A client that sends the traceparent a test gives it, untouched: the default handler would replace it with one of its
// own whenever something in this process listens to HttpClient activities (the app's instrumentation does).
internal static class TracingClient
{
    public static HttpClient Create(CairnApp app, ActivityTraceId traceId, ActivitySpanId parentId, string? apiKey = null)
    {
        using var probe = app.Client();
        var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = probe.BaseAddress,
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress.Unique());
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId.ToHexString()}-{parentId.ToHexString()}-01");
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }
}

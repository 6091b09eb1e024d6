using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cairn.Tests.Telemetry;

// Traces and metrics leave the app: into the InMemory exporter, and over OTLP to a receiver in this process.
public sealed class TelemetryExportTests(AppFixture fixture)
{
    [Fact]
    public async Task ASearchIsTracedFromTheRequestThroughEmbeddingSearchAndPostgresAndItsLatencyIsMeasured()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var (traceId, parent) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        var served = new ServerSpanEnded(traceId);
        await using var app = new CairnApp(fixture.Database, services: services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans).AddProcessor(served))
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics)));
        var (_, key, _) = await app.RegisterAsync();
        using var client = TracingClient.Create(app, traceId, parent, key);

        var response = await client.PostJsonAsync("/api/v1/experiences/search", new { query = "postgres read replicas", limit = 5 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await served.Ended.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Flush(app);

        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal(parent, server.ParentSpanId);
        Assert.Equal("POST /api/v1/experiences/search", server.DisplayName);
        Assert.Contains(trace, s => s.Source.Name == "Cairn" && s.DisplayName == "search");
        Assert.Contains(trace, s => s.Source.Name == "Cairn" && s.DisplayName == "embed");
        // On PostgreSQL the search's parts are its children: the mirror's catch-up and scoring, then (a filtered search) the
        // shortlist from the mirror's vectors and the exact vector arm over it.
        var searches = trace.Where(s => s.DisplayName == "search").Select(s => s.SpanId).ToHashSet();
        Assert.All(new[] { "search.keyword.catch_up", "search.keyword.score", "search.vector_mirror", "search.vector_arm" }, part =>
            Assert.Contains(trace, s => s.Source.Name == "Cairn.Search" && s.DisplayName == part && searches.Contains(s.ParentSpanId)));
        Assert.Contains(trace, s => s.Source.Name == "Npgsql");
        if (StorageMode.IsCosmos)
        {
            // The caller's key is checked against the agent's document: a Cosmos DB operation in the same trace.
            Assert.Contains(trace, s => s.Source.Name == "Azure.Cosmos.Operation");
        }
        Assert.All(trace.Where(s => s != server), s => Assert.NotEqual(default, s.ParentSpanId));

        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("http.server.request.duration", names);
        Assert.Contains("cairn.search.duration", names);
        Assert.Contains("cairn.embedding.duration", names);
    }

    [Fact]
    public async Task WithAnOtlpEndpointSetTracesAreExportedToIt()
    {
        var received = Channel.CreateUnbounded<(string Path, byte[] Body)>();
        await using var receiver = await OtlpReceiver.StartAsync(received.Writer);
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var traceId = ActivityTraceId.CreateRandom();
        using var client = TracingClient.Create(app, traceId, ActivitySpanId.CreateRandom());

        await client.GetAsync("/api/v1/agents/me");
        Flush(app);

        // OTLP/protobuf carries the trace id as its 16 raw bytes.
        var wanted = new byte[16];
        traceId.CopyTo(wanted);
        var seen = new List<string>();
        // The request's span can end after the flush (see ServerSpanEnded); the batch exporter then sends it on its next
        // scheduled export, so exports are awaited, not only those already received read.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await foreach (var export in received.Reader.ReadAllAsync(patience.Token))
            {
                seen.Add($"{export.Path} ({export.Body.Length} bytes)");
                if (export.Path == "/v1/traces" && export.Body.AsSpan().IndexOf(wanted) >= 0)
                {
                    Assert.True(export.Body.AsSpan().IndexOf("cairn"u8) >= 0, "The export does not name the service.");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // Patience ran out: reported below.
        }
        Assert.Fail($"No trace export carried the request's trace id within {Patience.TotalSeconds} s; received: {string.Join(", ", seen)}");
    }

    // Only turns a hang into a failure: the batch exporter sends within its 5 s schedule.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static void Flush(CairnApp app)
    {
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
    }

    // Signals the end of a trace's server span. Kestrel ends a request's span only after the response has been sent, so
    // a client can hold the whole response while the span (and its export) is still to come.
    private sealed class ServerSpanEnded(ActivityTraceId traceId) : BaseProcessor<Activity>
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Ended => _ended.Task;

        public override void OnEnd(Activity data)
        {
            if (data.TraceId == traceId && data.Kind == ActivityKind.Server)
            {
                _ended.TrySetResult();
            }
        }
    }

    // A minimal OTLP/HTTP collector: accepts every export and hands its path and body to the test.
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpReceiver(WebApplication app, string url) => (_app, Url) = (app, url);

        public string Url { get; }

        public static async Task<OtlpReceiver> StartAsync(ChannelWriter<(string, byte[])> received)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                await received.WriteAsync((context.Request.Path.Value!, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            return new OtlpReceiver(app, app.Urls.First());
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}

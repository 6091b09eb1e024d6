using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;

namespace Cairn.Pulse.WebPubSub;

// The Web PubSub data-plane REST API (api-version 2024-12-01) without the SDK, which this build cannot restore: each
// attempt gets a fresh bearer token, and transient failures (network, timeouts, 408, 429, 5xx) are retried a bounded
// number of times with exponential backoff, or after the service's Retry-After when it sends one.
public sealed class WebPubSubRestClient
{
    public const string ApiVersion = "2024-12-01";
    public const string HttpClientName = "Cairn.Pulse.WebPubSub";

    // Three retries after the first try: enough to ride out a blip, short enough to keep pushes fresh.
    public const int MaxRetries = 3;

    // The longest wait between attempts, Retry-After included: a push that late is better left to the inbox.
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly ILogger _logger;

    public WebPubSubRestClient(HttpClient http, WebPubSubCredential credential, Uri endpoint, string hub, TimeProvider clock, ILogger<WebPubSubRestClient> logger)
    {
        _http = http;
        _logger = logger;
        Credential = credential;
        Endpoint = endpoint;
        Hub = hub;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = MaxRetryDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException)
                    .HandleResult(IsTransient),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, clock)),
                OnRetry = args =>
                {
                    _logger.LogInformation("Web PubSub {Status}; retry {Attempt} of {MaxRetries} in {Delay}",
                        args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, MaxRetries, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public WebPubSubCredential Credential { get; }

    public Uri Endpoint { get; }

    public string Hub { get; }

    // The absolute URL of /api/hubs/{hub}{path} with the api-version and query.
    public Uri HubUrl(string path, params IEnumerable<(string Name, string Value)> query)
    {
        var parameters = query.Append((Name: "api-version", Value: ApiVersion)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}");
        return new Uri(Endpoint, $"/api/hubs/{Uri.EscapeDataString(Hub)}{path}?{string.Join('&', parameters)}");
    }

    // Sends with retries; returns the successful response or throws WebPubSubException.
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        var response = await _retry.ExecuteAsync(async token =>
        {
            using var request = new HttpRequestMessage(method, url) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Credential.BearerTokenAsync(url, token));
            return await _http.SendAsync(request, token);
        }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new WebPubSubException(method, url, response.StatusCode, body);
        }
    }

    private static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;

    // The service's Retry-After (seconds or a date) when present; null lets the exponential backoff decide.
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider clock)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, MaxRetryDelay.Ticks)) : null;
    }
}

// Web PubSub refused a request for good (after retries, or at once for a non-transient status).
public sealed class WebPubSubException(HttpMethod method, Uri url, HttpStatusCode status, string body)
    : Exception($"Web PubSub answered {(int)status} {status} to {method} {url.GetLeftPart(UriPartial.Path)}: {Truncate(body)}")
{
    public HttpStatusCode Status { get; } = status;

    private static string Truncate(string body) => body.Length <= 500 ? body : body[..500] + "…";
}

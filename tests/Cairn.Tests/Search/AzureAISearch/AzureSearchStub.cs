using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Search.Documents.Indexes;
using Cairn.Search;
using Cairn.Search.AzureAISearch;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cairn.Tests.Search.AzureAISearch;

// A stand-in for an Azure AI Search service on loopback, over HTTPS (the SDK refuses anything else) with a throwaway
// certificate: records each request exactly as the SDK sent it and answers from a script, in order.
public sealed class AzureSearchStub : IAsyncDisposable
{
    public const string ApiKey = "stub-admin-key";

    private readonly ConcurrentQueue<Func<StubRequest, (int Status, string? Body)>> _script = new();
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private LoopbackServer _server = null!;

    private AzureSearchStub()
    {
    }

    public Uri Endpoint => new(_server.Address);

    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    public static async Task<AzureSearchStub> StartAsync()
    {
        var stub = new AzureSearchStub();
        stub._server = await LoopbackServer.StartAsync(stub.HandleAsync, Certificate());
        return stub;
    }

    // Scripts the next answer; a request beyond the script gets 500, which no test expects.
    public void Respond(int status, string? body = null) => _script.Enqueue(_ => (status, body));

    // Answers with the request's own body, as the service does when it creates an index.
    public void Echo(int status) => _script.Enqueue(request => (status, request.Body));

    public SearchOptions Options(string indexName = "cairn") =>
        new() { Provider = SearchProvider.AzureAISearch, Endpoint = Endpoint.ToString(), ApiKey = ApiKey, IndexName = indexName };

    // The production client, but trusting the stub's certificate and not retrying (each scripted answer is final).
    public SearchIndexClient Client(string indexName = "cairn")
    {
        var options = AzureSearchClients.DefaultOptions();
        options.Retry.MaxRetries = 0;
        options.Transport = new HttpClientTransport(new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }));
        return AzureSearchClients.Create(Options(indexName), new Azure.Identity.DefaultAzureCredential(), options);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var request = new StubRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers["api-key"].ToString(),
            await reader.ReadToEndAsync());
        _requests.Enqueue(request);
        var (status, body) = _script.TryDequeue(out var answer) ? answer(request) : (500, """{"error":{"code":"","message":"unscripted request"}}""");
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json; odata.metadata=minimal";
            await context.Response.WriteAsync(body);
        }
    }

    private static X509Certificate2 Certificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is one TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

public sealed record StubRequest(string Method, string RawTarget, string ApiKey, string Body)
{
    public string Path => Uri.UnescapeDataString(RawTarget.Split('?')[0]);

    public IReadOnlyDictionary<string, string> Query =>
        RawTarget.Contains('?')
            ? RawTarget.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]))
            : new Dictionary<string, string>();

    public JsonNode Json => JsonNode.Parse(Body)!;
}

using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Hosting;

// Behind the Functions host every request arrives from loopback, so X-Forwarded-Host and -Proto may be a client's own.
// No URL the app writes may name them: the public address is configured, or the platform's WEBSITE_HOSTNAME.
public sealed class ForwardedHeaderTrustTests(AppFixture fixture, AzureHostedApp azure) : IClassFixture<AzureHostedApp>
{
    private const string Forged = "evil.example";

    private static HttpClient Forging(CairnApp app, string? key = null)
    {
        var client = app.Client(key);
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", Forged);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return client;
    }

    // Every response that carries absolute URLs: the skill files, the OpenAPI document and pulse negotiate.
    private static async Task<Dictionary<string, string>> UrlBearingResponsesAsync(CairnApp app)
    {
        var (_, key, _) = await app.RegisterAsync();
        using var client = Forging(app, key);
        var answers = new Dictionary<string, string>();
        foreach (var path in new[] { "/skill.md", "/skill.json", "/HEARTBEAT.md", "/PULSE.md", "/openapi/v1.json", "/api/v1/pulse/negotiate" })
        {
            using var response = await client.GetAsync(path);
            answers[path] = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {answers[path]}");
        }
        return answers;
    }

    [Fact]
    public async Task AForgedForwardedHostAppearsInNoUrlTheAppWrites()
    {
        var answers = await UrlBearingResponsesAsync(fixture.App);

        Assert.All(answers, answer => Assert.DoesNotContain(Forged, answer.Value));
        var negotiated = JsonNode.Parse(answers["/api/v1/pulse/negotiate"])!;
        Assert.StartsWith($"ws://{fixture.App.Client().BaseAddress!.Authority}/api/v1/pulse/ws?access_token=", negotiated.Str("url"));
    }

    [Fact]
    public async Task OnAzureEveryUrlNamesThePlatformHostWhateverTheRequestForwards()
    {
        var answers = await UrlBearingResponsesAsync(azure.App);

        Assert.All(answers, answer => Assert.DoesNotContain(Forged, answer.Value));
        Assert.Contains($"https://{AzureHostedApp.HostName}/api/v1/agents/register", answers["/skill.md"]);
        Assert.Equal($"https://{AzureHostedApp.HostName}/", (string?)JsonNode.Parse(answers["/openapi/v1.json"])!["servers"]![0]!["url"]);
        Assert.StartsWith($"wss://{AzureHostedApp.HostName}/api/v1/pulse/ws?access_token=", JsonNode.Parse(answers["/api/v1/pulse/negotiate"]).Str("url"));
    }

    [Fact]
    public async Task OnAzureANegotiatedTokenOpensTheSocketWhateverHostTheRequestNames()
    {
        var (_, key, _) = await azure.App.RegisterAsync();
        var token = (await (await Forging(azure.App, key).GetAsync("/api/v1/pulse/negotiate")).JsonAsync(HttpStatusCode.OK)).Str("token");
        using var client = Forging(azure.App);

        // The token's audience is the public address on both sides: it is accepted (then a plain GET is not an upgrade).
        var response = await client.GetAsync($"/api/v1/pulse/ws?access_token={Uri.EscapeDataString(token)}");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "websocket_required");
    }

    [Fact]
    public async Task McpAcceptsABrowserOriginOnlyWhenItIsThePublicAddressNotWhenItMatchesAForgedHost()
    {
        var (_, key, _) = await azure.App.RegisterAsync();
        using var forged = Forging(azure.App, key);
        forged.DefaultRequestHeaders.Add("Origin", $"https://{Forged}");
        using var genuine = azure.App.Client(key);
        genuine.DefaultRequestHeaders.Add("Origin", $"https://{AzureHostedApp.HostName}");

        using var refused = await forged.PostMcpAsync(new { jsonrpc = "2.0", id = 1, method = "tools/list" });
        var listed = await genuine.RpcAsync("tools/list");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotEmpty(listed["result"]!["tools"]!.AsArray());
    }

    [Fact]
    public async Task AConfiguredPublicBaseUrlWithAPathPrefixesEveryUrl()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?>
        {
            ["Cairn:Hosting:PublicBaseUrl"] = "https://gateway.example.com/cairn/",
            ["WEBSITE_HOSTNAME"] = AzureHostedApp.HostName,
        });

        var answers = await UrlBearingResponsesAsync(app);

        var metadata = JsonNode.Parse(answers["/skill.json"])!;
        Assert.Equal("https://gateway.example.com/cairn/api/v1", metadata.Str("api_base"));
        Assert.Equal("wss://gateway.example.com/cairn/api/v1/pulse/ws", metadata["pulse"].Str("websocket"));
        Assert.StartsWith("wss://gateway.example.com/cairn/api/v1/pulse/ws?access_token=", JsonNode.Parse(answers["/api/v1/pulse/negotiate"]).Str("url"));
        Assert.All(answers, answer => Assert.DoesNotContain(AzureHostedApp.HostName, answer.Value));
    }

    [Theory]
    [InlineData("Cairn:Hosting:PublicBaseUrl", "cairn.example.com")]
    [InlineData("Cairn:Hosting:PublicBaseUrl", "https://cairn.example.com/?x=1")]
    [InlineData("Cairn:Hosting:PublicBaseUrl", "https://user@cairn.example.com")]
    [InlineData("WEBSITE_HOSTNAME", "cairn.example.com/path")]
    public async Task AnAddressThatIsNotAPlainUrlStopsStartUpNamingTheSetting(string setting, string value)
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { [setting] = value });

        var error = Assert.IsType<OptionsValidationException>(app.StartupFailure());

        Assert.Contains(setting.Split(':')[^1], error.Message);
        Assert.Contains(value, error.Message);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Cairn.Mcp;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Seed;

// Plurum's companion files (HEARTBEAT.md, PULSE.md, skill.json), rendered for this deployment and consistent with
// /skill.md.
public sealed class CompanionFileTests(AzureHostedApp fixture) : IClassFixture<AzureHostedApp>
{
    // As on Azure: the platform's host name decides the URLs; a forwarded host a client made up does not.
    private HttpClient Proxied()
    {
        var client = fixture.App.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "http");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        return client;
    }

    [Fact]
    public async Task SkillJsonNamesEveryCompanionFileAtThisDeploymentAndEachIsServed()
    {
        var client = Proxied();

        var metadata = JsonNode.Parse(await client.GetStringAsync("/skill.json"))!.AsObject();
        var skill = await client.GetStringAsync("/skill.md");

        Assert.Equal("https://cairn-demo.azurewebsites.net/api/v1", metadata.Str("api_base"));
        Assert.DoesNotContain("evil.example", metadata.ToJsonString() + skill);
        Assert.Equal("wss://cairn-demo.azurewebsites.net/api/v1/pulse/ws", metadata["pulse"].Str("websocket"));
        var files = metadata["files"]!.AsObject();
        Assert.Equal(["SKILL.md", "HEARTBEAT.md", "PULSE.md", "skill.json"], files.Select(f => f.Key));
        foreach (var (name, url) in files)
        {
            var path = new Uri((string)url!).AbsolutePath;
            Assert.StartsWith("https://cairn-demo.azurewebsites.net/", (string)url!);
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} at {path}: {(int)response.StatusCode}");
            Assert.Contains($"`{url}`", skill); // the skill's own file table names the same URLs
        }
        var tools = fixture.App.Services.GetRequiredService<McpToolRegistry>().Tools.Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(tools, metadata["mcp_tools"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task TheHeartbeatIsPlurumsRoutineWithThisDeploymentsUrls()
    {
        using var response = await Proxied().GetAsync("/HEARTBEAT.md");
        var heartbeat = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("{{", heartbeat);
        // Plurum's four steps, in its order: inbox, outcome reports, search, pulse.
        var steps = new[] { "https://cairn-demo.azurewebsites.net/api/v1/pulse/inbox", "/outcome", "https://cairn-demo.azurewebsites.net/api/v1/experiences/search", "https://cairn-demo.azurewebsites.net/api/v1/pulse/status" }
            .Select(s => heartbeat.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(steps, i => Assert.True(i >= 0));
        Assert.Equal(steps.Order(), steps);
        Assert.Contains("\"pendingOutcomeReports\"", heartbeat);
    }

    [Fact]
    public async Task ThePulseFileDescribesTheSocketThisDeploymentServes()
    {
        var pulse = await Proxied().GetStringAsync("/PULSE.md");

        Assert.Contains("https://cairn-demo.azurewebsites.net/api/v1/pulse/negotiate", pulse);
        Assert.Contains("wss://cairn-demo.azurewebsites.net/api/v1/pulse/ws?token=YOUR_API_KEY", pulse);
        Assert.Contains("json.webpubsub.azure.v1", pulse);
        Assert.All(["contribution_received", "outcome_reported", "vote_received", "session_opened", "session_closed"], e => Assert.Contains($"`{e}`", pulse));
        Assert.DoesNotContain("{{", pulse);
    }
}
